"""Public tests of FullyConnectedNet (fc_net.py): its parameters, its gradients against
numeric gradients of its own loss, and whether it learns the spirals."""

import numpy as np

from autograder.testing import assert_close, graded, numeric_gradient

#: Small networks that together use every option: (hidden_dims, options).
CONFIGS = [
    ([4], {"reg": 0.7}),
    ([3, 4], {"normalization": "batchnorm", "dropout": 0.3, "dropout_seed": 5, "reg": 0.1}),
    ([4, 3], {"normalization": "layernorm", "reg": 0.2}),
]


@graded(
    part="fc_net",
    points=1,
    visibility="visible",
    message="FullyConnectedNet.__init__ fills params with W1..WL (weight_scale * standard "
    "normal, shape (d_{i-1}, d_i)), zero biases b1..bL and, with normalization, gamma{i} = 1 "
    "and beta{i} = 0 for each hidden layer.",
)
def test_fc_net_parameters(student):
    net = student.FullyConnectedNet([5, 4], 3, 2, normalization="batchnorm", seed=1)
    shapes = {k: np.shape(v) for k, v in net.params.items()}
    want = {
        "W1": (3, 5),
        "b1": (5,),
        "gamma1": (5,),
        "beta1": (5,),
        "W2": (5, 4),
        "b2": (4,),
        "gamma2": (4,),
        "beta2": (4,),
        "W3": (4, 2),
        "b3": (2,),
    }
    assert shapes == want, f"params has the shapes {shapes}, expected {want}"
    for key in ("b1", "b2", "b3", "beta1", "beta2"):
        assert_close(net.params[key], np.zeros(shapes[key]), key)
    for key in ("gamma1", "gamma2"):
        assert_close(net.params[key], np.ones(shapes[key]), key)
    big = student.FullyConnectedNet([300], 200, 10, weight_scale=0.05, seed=0).params["W1"]
    std = float(np.std(big))
    assert abs(std / 0.05 - 1) < 0.03, f"W1 has standard deviation {std:.4g}, not 0.05"


@graded(
    part="fc_net",
    points=2,
    visibility="visible",
    message="loss(X, y) must return the softmax loss plus 0.5 * reg * sum(W**2) over every "
    "weight matrix, loss(X) the scores, and grads[k] must be the gradient of that loss with "
    "respect to params[k], for every k, with or without normalization and dropout. (It runs "
    "your layers: if a layer's own test fails, fix that first. The hidden tests compare the "
    "network made of your layers, so a layer's mistake costs its own tests only there.)",
)
def test_fc_net_gradient_check(student, expected):
    case = expected["FullyConnectedNet"]
    net = student.FullyConnectedNet([4, 3], 3, 3, normalization="batchnorm", reg=0.3, seed=0)
    net.params = {k[len("param_") :]: v for k, v in case.items() if k.startswith("param_")}
    loss, _ = net.loss(case["X"], case["y"])
    assert_close(loss, case["loss"], "loss of a network with batchnorm and reg=0.3")
    scores = net.loss(case["X"])
    assert_close(scores, case["scores"], "scores in test mode, after that training call")
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(4, 3)), np.array([0, 1, 2, 1])
    for hidden_dims, options in CONFIGS:
        net = student.FullyConnectedNet(hidden_dims, 3, 3, weight_scale=0.5, seed=0, **options)
        check_gradients(net, X, y, f"hidden_dims={hidden_dims}, {options}")


def check_gradients(net, X, y, config):
    """Every entry of grads against a numeric gradient of the network's own loss."""
    params = {k: np.array(v) for k, v in net.params.items()}
    loss, grads = net.loss(X, y)
    assert np.ndim(loss) == 0, "loss must be a single number"
    missing = sorted(set(params) - set(grads))
    assert not missing, f"grads has no entry for {', '.join(missing)}"
    for name, value in params.items():

        def loss_at(v, name=name):
            net.params = {**params, name: v}
            return net.loss(X, y)[0]

        numeric = numeric_gradient(loss_at, value.copy())
        net.params = params
        where = f"grads[{name!r}] with {config} (checked against a numeric gradient)"
        assert_close(grads[name], numeric, where, 1e-5, 1e-7)


@graded(
    part="fc_net",
    points=1,
    visibility="visible",
    message="A FullyConnectedNet with two hidden layers of 50 units, trained with "
    "train_classifier, should classify at least 90% of the spiral training points right. If "
    "your gradient checks pass and it does not learn, check that loss(X) (no y) returns the "
    "scores of the last layer. (It runs your layers, make_spirals and train_classifier.) The "
    "training may use 20 s of CPU time (the grader's limit per call): vectorized layers need "
    "about 0.1 s, layers that loop over the examples about 0.4 s.",
)
def test_fc_net_learns_the_spirals(student):
    X, y = student.make_spirals(n_per_class=100, n_classes=3, seed=0)
    net = student.FullyConnectedNet([50, 50], 2, 3, weight_scale=0.5, seed=0)
    losses = student.train_classifier(net, X, y, learning_rate=0.5, epochs=100, batch_size=50)
    assert np.all(np.isfinite(losses)), "the training loss became inf or nan"
    scores = net.loss(X)
    assert np.shape(scores) == (300, 3), f"loss(X) returned shape {np.shape(scores)}, not (300, 3)"
    accuracy = float(np.mean(np.argmax(scores, axis=1) == y))
    assert accuracy >= 0.9, f"training accuracy {accuracy:.1%}, below 90%"
