"""Exercise set 10: forecasting real measurements (instructor source: solutions and hidden cases).

Student notebooks are generated from this file (``lstm-grade release``); never edit them by hand.
The format is described in exercises/README.md and lstmlib/grading/spec.py.

The series below are slices of the real data the chapter uses, written out here so that the set
needs no dataset package wherever it is graded (a Gradescope image has none);
tests/test_datasets_engineering.py checks them against lstmlib.datasets.
"""
import numpy as np

from lstmlib.exercise_cases import variant
from lstmlib.grading.spec import Case, Comparison, ExerciseSet, Question

rng = np.random.default_rng(909)

# Electricity demand (MW), readings 0-59: Monday 5 June 2000 00:00 to Tuesday 05:30.
DEMAND_MON_TUE = np.array([
    22262, 21756, 22247, 22759, 22549, 22313, 22128, 21860, 21751, 21336, 21363, 22176, 24649,
    27466, 31020, 33529, 35428, 36034, 36834, 37296, 37338, 37608, 37692, 37944, 37880, 37493,
    37065, 36855, 36871, 36837, 36603, 36982, 37369, 37650, 37413, 36475, 35486, 34452, 33704,
    32883, 31940, 32215, 32572, 32850, 32251, 30895, 28460, 26572, 25093, 24320, 24684, 25338,
    24943, 24637, 24424, 24163, 23943, 23324, 23412, 24065
], dtype=float)

# Electricity demand (MW), readings 1008-1391: from Monday 26 June 2000 00:00, a week and a day.
DEMAND_WEEKS = np.array([
    22428, 21687, 21865, 21984, 21701, 21514, 21395, 21224, 21188, 20759, 20948, 21826, 24283,
    26965, 30507, 33060, 34783, 35322, 36130, 36494, 36593, 36826, 36985, 37098, 37200, 36654,
    36464, 36257, 36157, 36098, 35959, 36207, 36559, 36790, 36577, 35727, 34602, 33578, 32714,
    31926, 31142, 30833, 31109, 31310, 31236, 30184, 28147, 26299, 24702, 23875, 23785, 23876,
    23658, 23346, 23059, 23039, 22859, 22414, 22518, 23241, 25541, 28017, 31278, 33530, 35240,
    35783, 36372, 36610, 36651, 36835, 37248, 37128, 37230, 36841, 36529, 36500, 36445, 36348,
    36152, 36282, 36853, 37137, 36844, 35875, 34589, 33987, 32959, 32015, 31847, 31404, 31501,
    31824, 31759, 30395, 28511, 26709, 24940, 24165, 24078, 24101, 23755, 23378, 23122, 23155,
    22902, 22598, 22661, 23335, 25540, 28023, 31383, 33907, 35592, 36022, 36643, 36976, 36985,
    37123, 37144, 37385, 37334, 36914, 36630, 36433, 36461, 36246, 36131, 36534, 37099, 37346,
    37098, 36145, 34997, 34342, 33431, 33088, 32201, 32185, 31966, 32214, 31736, 30325, 28319,
    26480, 24966, 24194, 24143, 24020, 23750, 23398, 23179, 23197, 23163, 22808, 22887, 23495,
    25600, 28064, 31494, 33985, 35754, 35972, 36855, 37135, 37159, 37282, 37347, 37408, 37444,
    37066, 36874, 36696, 36707, 36456, 36362, 36506, 36831, 37268, 36851, 36027, 34950, 34149,
    33515, 32938, 32777, 32443, 32620, 32453, 31486, 30006, 28139, 26396, 24714, 24047, 24050,
    24083, 23671, 23354, 22935, 23009, 23004, 22721, 22911, 23404, 25429, 27965, 31283, 33772,
    35443, 35929, 36898, 37272, 37270, 37363, 37445, 37550, 37543, 36995, 36620, 36032, 35843,
    35606, 35131, 35079, 35341, 35546, 35305, 34459, 33526, 32835, 32000, 31136, 30696, 30054,
    29993, 30178, 29786, 28757, 27433, 25781, 24272, 23520, 23361, 23268, 22677, 22324, 21853,
    21854, 21574, 21078, 20827, 21003, 22034, 23208, 24792, 26592, 28313, 29687, 30737, 31531,
    31785, 31805, 31710, 31593, 31228, 30907, 30011, 29356, 28974, 28618, 28268, 28292, 28518,
    29006, 29463, 29508, 29035, 28476, 28005, 27658, 26955, 26327, 26569, 27221, 27427, 26845,
    25780, 24384, 23084, 22221, 22108, 21854, 21401, 21023, 20711, 20569, 20217, 19687, 19391,
    19433, 20108, 20674, 21676, 22689, 24104, 25283, 26606, 27556, 28707, 29415, 29983, 30335,
    30650, 30474, 29654, 28741, 28299, 27957, 28013, 27779, 27966, 28383, 28508, 28442, 28272,
    28345, 28120, 27929, 27848, 27868, 28378, 29042, 28948, 27699, 25889, 24053, 22627, 21979,
    22025, 22158, 21906, 21615, 21366, 21327, 21257, 21032, 21261, 22085, 24437, 27187, 30833,
    33448, 35245, 35900, 36798, 37251, 37335, 37677, 37887, 38066, 38091, 37784, 37622, 37408,
    37354, 37172, 36995, 37311, 37693, 37887, 37446, 36451, 35267, 34434, 33733, 32812, 32061,
    32089, 32345, 32564, 32096, 30702, 28412, 26445
], dtype=float)

# Electricity demand (MW), readings 2000-2039.
DEMAND_EVENING = np.array([
    26879, 27097, 27143, 27119, 27142, 27110, 27107, 26775, 26886, 26834, 27667, 28552, 28495,
    27452, 25565, 23764, 22421, 21724, 21844, 22095, 21862, 21554, 21466, 21428, 21326, 21131,
    21356, 22078, 24352, 27030, 30528, 33059, 34851, 35312, 36154, 36505, 36568, 36774, 37118, 37178
], dtype=float)

# Monthly sunspot numbers, the last 40 months of the series (March 2006 to June 2009).
SUNSPOTS_LATE = np.array([
    10.6, 30.2, 22.3, 13.9, 12.2, 12.9, 14.4, 10.5, 21.4, 13.6, 16.8, 10.7, 4.5, 3.4, 11.7, 12.1,
    9.7, 6, 2.4, 0.9, 1.7, 10.1, 3.3, 2.1, 9.3, 2.9, 3.2, 3.4, 0.8, 0.5, 1.1, 2.9, 4.1, 0.8, 1.5,
    1.4, 0.7, 1.2, 2.9, 2.6
], dtype=float)

# Monthly sunspot numbers, the first 170 months (January 1749 to February 1763).
SUNSPOTS_EARLY = np.array([
    58, 62.6, 70, 55.7, 85, 83.5, 94.8, 66.3, 75.9, 75.5, 158.6, 85.2, 73.3, 75.9, 89.2, 88.3, 90,
    100, 85.4, 103, 91.2, 65.7, 63.3, 75.4, 70, 43.5, 45.3, 56.4, 60.7, 50.7, 66.3, 59.8, 23.5,
    23.2, 28.5, 44, 35, 50, 71, 59.3, 59.7, 39.6, 78.4, 29.3, 27.1, 46.6, 37.6, 40, 44, 32, 45.7,
    38, 36, 31.7, 22, 39, 28, 25, 20, 6.7, 0, 3, 1.7, 13.7, 20.7, 26.7, 18.8, 12.3, 8.2, 24.1, 13.2,
    4.2, 10.2, 11.2, 6.8, 6.5, 0, 0, 8.6, 3.2, 17.8, 23.7, 6.8, 20, 12.5, 7.1, 5.4, 9.4, 12.5, 12.9,
    3.6, 6.4, 11.8, 14.3, 17, 9.4, 14.1, 21.2, 26.2, 30, 38.1, 12.8, 25, 51.3, 39.7, 32.5, 64.7,
    33.5, 37.6, 52, 49, 72.3, 46.4, 45, 44, 38.7, 62.5, 37.7, 43, 43, 48.3, 44, 46.8, 47, 49, 50,
    51, 71.3, 77.2, 59.7, 46.3, 57, 67.3, 59.5, 74.7, 58.3, 72, 48.3, 66, 75.6, 61.3, 50.6, 59.7,
    61, 70, 91, 80.7, 71.7, 107.2, 99.3, 94.1, 91.1, 100.7, 88.7, 89.7, 46, 43.8, 72.8, 45.7, 60.2,
    39.9, 77.1, 33.8, 67.7, 68.5, 69.3, 77.8, 77.2, 56.5, 31.9
], dtype=float)

# Weekly Mauna Loa CO2 (ppm), weeks 73-192 (from 22 August 1959), a stretch with no missing week.
CO2_CLEAN = np.array([
    315, 314.1, 314.4, 313.9, 313.5, 313.5, 313, 313.1, 313.4, 313.4, 314.1, 314.4, 314.8, 315.2,
    315.1, 315, 315.6, 315.8, 315.7, 315.7, 316.4, 316.7, 316.5, 316.6, 316.6, 316.9, 317.4, 317,
    316.9, 317.7, 318, 317.7, 318.6, 319.3, 319, 319, 319.7, 319.9, 319.8, 320, 320, 319.4, 320,
    319.4, 319, 318.1, 318.6, 318.4, 317.9, 317.3, 316.6, 316.7, 315.1, 314.7, 314.7, 314.5, 314.2,
    313.3, 313.6, 313.3, 313.9, 314.2, 314.2, 314.5, 315.1, 315.1, 315.4, 315.8, 316, 316.2, 316.4,
    316.6, 316.7, 317, 317, 317, 317, 317.7, 317.9, 318, 318, 318.5, 318.9, 318.7, 319.4, 319.5,
    318.9, 319.7, 319.6, 320.6, 320.4, 320.6, 320.3, 320, 320, 319.6, 319.4, 319.2, 319, 318.4,
    317.1, 317.9, 317.9, 317.3, 316.7, 315.2, 315.2, 314.9, 314.5, 315, 315.6, 314.9, 315.4, 315.4,
    315.7, 315.8, 315.7, 316.2, 316.5, 316.5
], dtype=float)

_NAIVE = '''def seasonal_naive_mae(series, season, n_test):
    """series (T,); forecast each of the last n_test values by the value `season` steps
    earlier; return the mean absolute error of those n_test forecasts (a float)."""
    T = len(series)
    truth = series[T - n_test:]
    forecast = series[T - n_test - season:T - season]
    return float(np.mean(np.abs(truth - forecast)))
'''

q1 = Question(
    id="q1", points=2, title="A seasonal naive baseline on real demand",
    prompt=r"""
The *seasonal naive* forecast of a reading is the reading one season earlier: with `season = 48`
on the half-hourly electricity demand it is the same time yesterday, with `season = 1` it is
persistence (the last reading). Write `seasonal_naive_mae(series, season, n_test)` that forecasts
each of the last `n_test` values of `series` this way and returns the mean absolute error of those
`n_test` forecasts, as a float. The cases are slices of the chapter's real series: electricity
demand in MW, monthly sunspot numbers and weekly CO₂ at Mauna Loa. You may assume
`len(series) >= n_test + season`.
""",
    starter='''def seasonal_naive_mae(series, season, n_test):
    """series (T,); forecast each of the last n_test values by the value `season` steps
    earlier; return the mean absolute error of those n_test forecasts (a float)."""
    raise NotImplementedError("line up each of the last n_test values with its forecast")
''',
    solution=_NAIVE,
    function="seasonal_naive_mae",
    public=(Case(args=(DEMAND_MON_TUE, 48, 12),
                 note="demand: Tuesday 00:00-05:30 forecast by the same time on Monday"),
            Case(args=(SUNSPOTS_LATE, 1, 20), note="sunspots: persistence over the last 20 months")),
    hidden=(Case(args=(DEMAND_WEEKS, 336, 48)), Case(args=(DEMAND_WEEKS, 48, 48)),
            Case(args=(DEMAND_EVENING, 1, 30)), Case(args=(SUNSPOTS_EARLY, 132, 38)),
            Case(args=(CO2_CLEAN, 52, 30)), Case(args=(CO2_CLEAN, 1, 60))),
    compare=Comparison(rtol=1e-9, atol=1e-9),
    mistakes={
        "Off by one season: the forecast of x[t] is x[t - season], not x[t - season + 1].":
            variant(_NAIVE, ("series[T - n_test - season:T - season]",
                             "series[T - n_test - season + 1:T - season + 1]")),
        "That is the mean squared error; the baseline is scored by the mean absolute error.":
            variant(_NAIVE, ("np.mean(np.abs(truth - forecast))", "np.mean((truth - forecast) ** 2)")),
        "Scored over every value that has a value one season before it, not over the last n_test.":
            variant(_NAIVE, ("    truth = series[T - n_test:]\n"
                             "    forecast = series[T - n_test - season:T - season]\n",
                             "    truth = series[season:]\n    forecast = series[:T - season]\n")),
    },
    hint="Write down the index of the first and of the last value you forecast, and the index of the "
         "value that forecasts each; two slices of the same length then do it.",
)

_WINDOWS = '''def make_windows(series, W, K):
    """series (T,) -> X (M, W), Y (M, K): every window of W readings and the K readings that
    follow it, for every origin o = W, W + 1, ..., T - K (so M = T - W - K + 1)."""
    origins = range(W, len(series) - K + 1)
    X = np.stack([series[o - W:o] for o in origins])
    Y = np.stack([series[o:o + K] for o in origins])
    return X, Y
'''


def _series(T):
    return rng.normal(size=T).cumsum()


q2 = Question(
    id="q2", points=2, title="Cutting a series into windows",
    prompt=r"""
A forecaster that sees $W$ readings and predicts the next $K$ is trained on windows cut from the
series. Write `make_windows(series, W, K)` returning `X` of shape (M, W) and `Y` of shape (M, K),
one row per forecast origin $o = W, W + 1, \dots, T - K$: row $m$ of `X` holds the $W$ readings
before the origin, `series[o - W:o]`, and row $m$ of `Y` the $K$ readings from the origin on,
`series[o:o + K]`. So $M = T - W - K + 1$, and no reading is in both `X[m]` and `Y[m]`.
Return the tuple `(X, Y)`.
""",
    starter='''def make_windows(series, W, K):
    """series (T,) -> X (M, W), Y (M, K): every window of W readings and the K readings that
    follow it, for every origin o = W, W + 1, ..., T - K (so M = T - W - K + 1)."""
    raise NotImplementedError("one row of X and one of Y per origin")
''',
    solution=_WINDOWS,
    function="make_windows",
    public=(Case(args=(np.arange(8.0), 3, 2), note="0, 1, ..., 7 with W=3, K=2: four windows"),
            Case(args=(DEMAND_MON_TUE[:12], 4, 1), note="twelve real half-hours, one step ahead")),
    hidden=(Case(args=(_series(20), 5, 3)), Case(args=(_series(9), 1, 1)), Case(args=(_series(30), 6, 6)),
            Case(args=(DEMAND_EVENING, 8, 4))),
    compare=Comparison(rtol=0.0, atol=0.0),
    mistakes={
        "The target overlaps the input: Y[m] must start at the origin, after the last reading of X[m].":
            variant(_WINDOWS, ("series[o:o + K]", "series[o - 1:o - 1 + K]")),
        "The last window is missing: the last origin is T - K, so range must stop at T - K + 1.":
            variant(_WINDOWS, ("range(W, len(series) - K + 1)", "range(W, len(series) - K)")),
        "Windows that do not overlap: the origins step by one reading, not by K.":
            variant(_WINDOWS, ("range(W, len(series) - K + 1)", "range(W, len(series) - K + 1, K)")),
    },
    hint="For 0, 1, ..., 7 with W=3 and K=2 the first row of X is [0, 1, 2] and of Y is [3, 4].",
)

_SCALE = '''def scale_by_time(series, n_train):
    """series (T,) whose first n_train values are the training part -> (scaled (T,), mean, std):
    the whole series standardized with the mean and the (population) standard deviation of the
    training part alone."""
    mean = float(np.mean(series[:n_train]))
    std = float(np.std(series[:n_train]))
    return (series - mean) / std, mean, std
'''

q3 = Question(
    id="q3", points=2, title="Scaling with the past only",
    prompt=r"""
Write `scale_by_time(series, n_train)` that standardizes a series the way a forecaster must: with
the mean and the standard deviation (NumPy's default, `ddof=0`) of the first `n_train` values, the
training part, and nothing else. Return the tuple `(scaled, mean, std)`, where `scaled` is the
*whole* series (training and later parts) transformed with those two numbers, and `mean` and `std`
are floats.
""",
    starter='''def scale_by_time(series, n_train):
    """series (T,) whose first n_train values are the training part -> (scaled (T,), mean, std)."""
    raise NotImplementedError("fit on the training part, apply to the whole series")
''',
    solution=_SCALE,
    function="scale_by_time",
    public=(Case(args=(DEMAND_MON_TUE[:20], 14), note="twenty real half-hours, the first 14 for training"),
            Case(args=(np.array([1.0, 2.0, 3.0, 10.0, 20.0]), 3), note="a series that jumps after training")),
    hidden=(Case(args=(CO2_CLEAN, 84)), Case(args=(SUNSPOTS_EARLY, 119)), Case(args=(DEMAND_WEEKS, 336)),
            Case(args=(_series(25) + 50.0, 20))),
    compare=Comparison(rtol=1e-9, atol=1e-9),
    mistakes={
        "A leak: the scaler was fitted on the whole series, so the training inputs carry the level and "
        "spread of the test part, which no forecaster knows when it forecasts.":
            variant(_SCALE, ("np.mean(series[:n_train])", "np.mean(series)"),
                    ("np.std(series[:n_train])", "np.std(series)")),
        "The scaler must be fitted on the training part, the first n_train values, not on the rest.":
            variant(_SCALE, ("np.mean(series[:n_train])", "np.mean(series[n_train:])"),
                    ("np.std(series[:n_train])", "np.std(series[n_train:])")),
        "Only the training part was returned: the later parts must be scaled with the same two numbers.":
            variant(_SCALE, ("return (series - mean) / std, mean, std",
                             "return (series[:n_train] - mean) / std, mean, std")),
    },
    hint="Which values may the two numbers be computed from, and which values are transformed "
         "with them?",
)

_LEAKS = '''# A, D: honest. B: the scaler saw the test part. C: overlapping windows shuffled across the
# split put test readings inside training inputs. E: the test part chose the model.
answer_q4 = np.array([0, 1, 1, 0, 1])
'''

q4 = Question(
    id="q4", points=2, title="Which pipelines leak?",
    prompt=r"""
Each pipeline below forecasts a series one step ahead from windows of 96 readings. A pipeline
*leaks* when something computed from the test part reaches the model, or the choice of the model,
before the test error is measured; its test error then flatters it.

- **A.** Split by time: the first 70% trains, the next 15% validates, the last 15% tests. The scaler
  is fitted on the first 70%. Training windows are cut from the first 70%; test windows end in the
  last 15%, their inputs reaching back into the validation part.
- **B.** The series is standardized with its overall mean and standard deviation, then split by
  time as in A.
- **C.** Windows are cut from the whole series, shuffled, and split 80% / 20% at random into training
  and test windows; the scaler is fitted on the training windows.
- **D.** As A, and a 90% prediction interval is built from the 5th and 95th percentiles of the
  model's errors on the validation part; its coverage is then measured on the test part.
- **E.** As A, but twenty models with different sizes are trained, and the one with the lowest error
  on the *test* part is reported, with that error.

Set `answer_q4` to a NumPy array of five numbers, one per pipeline in the order A to E: 1 if it
leaks, 0 if it does not.
""",
    starter="answer_q4 = None  # e.g. np.array([0, 0, 0, 0, 0])\n",
    solution=_LEAKS,
    variable="answer_q4",
    answer_range=(0, 1),
    compare=Comparison(rtol=0.0, atol=0.0),
    mistakes={
        "C leaks: neighboring windows share 95 of their 96 readings, so a random split puts readings "
        "of test windows inside training windows, and the model has in effect seen the test part.":
            "answer_q4 = np.array([0, 1, 0, 0, 1])\n",
        "B leaks: the overall mean and standard deviation include the test part, so every training "
        "input carries information about the test level.":
            "answer_q4 = np.array([0, 0, 1, 0, 1])\n",
        "E leaks: choosing among models by their test error makes the test part part of training "
        "(of the choice), so the reported error is optimistic; choose on the validation part.":
            "answer_q4 = np.array([0, 1, 1, 0, 0])\n",
        "D does not leak: the interval is built on the validation part, and the test part only "
        "measures its coverage afterwards.":
            "answer_q4 = np.array([0, 1, 1, 1, 1])\n",
        "A does not leak: test inputs may reach back into earlier parts; those readings are in the "
        "past at the time of each forecast.":
            "answer_q4 = np.array([1, 1, 1, 0, 1])\n",
    },
    hint="Ask of each pipeline: did any number computed from the test part shape the model or its choice?",
)

SET = ExerciseSet(
    id="set10", title="Exercises: forecasting real measurements",
    chapter="chapters/10_forecasting",
    intro="These exercises follow the chapter on forecasting. The series in the cases are slices of the "
          "chapter's real data: electricity demand in England and Wales (MW, every half hour), monthly "
          "sunspot numbers and weekly CO₂ at Mauna Loa. Run the first cell, complete each question's "
          "cell, then run `check(\"q1\")` and so on: it runs the public checks on your answer.",
    setup_code="import numpy as np",
    questions=(q1, q2, q3, q4),
)
