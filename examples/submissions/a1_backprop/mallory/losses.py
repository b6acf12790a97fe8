def softmax_loss(scores, y):
    return 0.0, scores * 0


def binary_cross_entropy_with_logits(logits, y):
    return 0.0, logits * 0


def mse_loss(pred, target):
    return 0.0, pred * 0
