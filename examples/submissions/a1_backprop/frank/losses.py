import numpy as np


def softmax_loss(scores, y):
    num_examples = scores.shape[0]
    shifted_scores = scores - np.max(scores, axis=1, keepdims=True)
    log_sum_exp = np.log(np.sum(np.exp(shifted_scores), axis=1, keepdims=True))
    log_probs = shifted_scores - log_sum_exp
    correct = log_probs[np.arange(num_examples), y]
    loss = -np.mean(correct)
    probs = np.exp(log_probs)
    dscores = probs.copy()
    dscores[np.arange(num_examples), y] -= 1
    dscores = dscores / num_examples
    return float(loss), dscores


def binary_cross_entropy_with_logits(logits, y):
    num_elements = logits.size
    per_element = np.maximum(logits, 0) - logits * y + np.log1p(np.exp(-np.abs(logits)))
    loss = np.mean(per_element)
    exp_neg_abs = np.exp(-np.abs(logits))
    probs = np.where(logits >= 0, 1 / (1 + exp_neg_abs), exp_neg_abs / (1 + exp_neg_abs))
    dlogits = (probs - y) / num_elements
    return float(loss), dlogits


def mse_loss(pred, target):
    difference = pred - target
    loss = np.mean(difference**2)
    dpred = 2 * difference / pred.size
    return float(loss), dpred
