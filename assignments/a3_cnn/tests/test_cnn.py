"""Public tests of ConvNet (cnn.py): its parameters, its gradients against numeric
gradients of its own loss, and whether it learns the bars."""

import numpy as np

from autograder.testing import assert_close, graded, numeric_gradient

#: The keys of ConvNet's params, each stored under its own name in the case "ConvNet".
PARAMS = ("W1", "b1", "W2", "b2", "W3", "b3")


@graded(
    part="convnet",
    points=2,
    visibility="visible",
    message="ConvNet.__init__ fills params with W1 (F, C, K, K), W2 (F * H/2 * W/2, "
    "hidden_dim), W3 (hidden_dim, num_classes), each weight_scale * standard normal, and "
    "zero biases b1 (F,), b2 (hidden_dim,), b3 (num_classes,).",
)
def test_convnet_parameters(student):
    net = student.ConvNet((2, 8, 6), num_filters=4, filter_size=3, hidden_dim=7, num_classes=3)
    shapes = {k: np.shape(v) for k, v in net.params.items()}
    want = {
        "W1": (4, 2, 3, 3),
        "b1": (4,),
        "W2": (4 * 4 * 3, 7),
        "b2": (7,),
        "W3": (7, 3),
        "b3": (3,),
    }
    assert shapes == want, f"params has the shapes {shapes}, expected {want}"
    for key in ("b1", "b2", "b3"):
        assert_close(net.params[key], np.zeros(shapes[key]), key)
    big = student.ConvNet((1, 20, 20), 16, 5, 100, 10, weight_scale=0.05, seed=0).params["W2"]
    std = float(np.std(big))
    assert abs(std / 0.05 - 1) < 0.03, f"W2 has standard deviation {std:.4g}, not 0.05"


@graded(
    part="convnet",
    points=4,
    visibility="visible",
    message="loss(X) returns the scores and loss(X, y) the mean softmax loss plus 0.5 * reg * "
    "sum(W**2) for W1, W2 and W3, with grads[k] the gradient of that loss with respect to "
    "params[k] for every k (reg * W included for the weights). (It runs your layers: if a "
    "layer's own test fails, fix that first. The hidden tests compare the network made of "
    "your layers, so a layer's mistake costs its own tests only there.)",
)
def test_convnet_gradient_check(student, expected):
    case = expected["ConvNet"]
    net = student.ConvNet((2, 6, 6), num_filters=3, filter_size=3, hidden_dim=5,
                          num_classes=4, weight_scale=0.5, reg=0.1, seed=0)  # fmt: skip
    params = {name: case[name] for name in PARAMS}
    net.params = params
    assert_close(net.loss(case["X"]), case["scores"], "scores, loss(X)")
    loss, grads = net.loss(case["X"], case["y"])
    assert_close(loss, case["loss"], "loss, with reg=0.1")
    missing = sorted(set(params) - set(grads))
    assert not missing, f"grads has no entry for {', '.join(missing)}"
    for name, value in params.items():

        def loss_at(v, name=name):
            net.params = {**params, name: v}
            return net.loss(case["X"], case["y"])[0]

        numeric = numeric_gradient(loss_at, value.copy())
        net.params = params
        where = f"grads[{name!r}] (checked against a numeric gradient)"
        assert_close(grads[name], numeric, where, 1e-5, 1e-7)


@graded(
    part="convnet",
    points=4,
    visibility="visible",
    message="A ConvNet(weight_scale=0.1) trained with train_classifier for 10 epochs on "
    "make_bars(200) should classify at least 90% of 300 new images right. If your gradient "
    "checks pass and it does not learn, check that loss(X) (no y) returns the scores. The "
    "training may use 20 s of CPU time (the grader's limit per call): with a vectorized "
    "conv_forward_fast/backward_fast it needs about 0.5 s, with loops over the output "
    "positions about 1.5 s, with the four loops of the naive convolution about 90 s.",
)
def test_convnet_learns_the_bars(student):
    X, y = student.make_bars(200, seed=0)
    X_test, y_test = student.make_bars(100, seed=1)
    net = student.ConvNet(weight_scale=0.1, seed=0)
    losses = student.train_classifier(net, X, y, epochs=10)
    assert np.all(np.isfinite(losses)), "the training loss became inf or nan"
    scores = net.loss(X_test)
    assert np.shape(scores) == (300, 3), f"loss(X) returned shape {np.shape(scores)}, not (300, 3)"
    accuracy = float(np.mean(np.argmax(scores, axis=1) == y_test))
    assert accuracy >= 0.9, f"held-out accuracy {accuracy:.1%}, below 90%"
