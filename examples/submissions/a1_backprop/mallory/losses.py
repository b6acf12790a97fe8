def softmax_loss(scores, y):
    return 0.0, scores * 0
