import torch
import torch.nn.functional as F


def softmax_loss(scores, y):
    s = torch.tensor(scores, requires_grad=True)
    loss = F.cross_entropy(s, torch.tensor(y))
    loss.backward()
    return loss.item(), s.grad.numpy()
