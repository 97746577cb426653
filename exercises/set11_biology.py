"""Exercise set 11: reading DNA, baselines and attributions (instructor source: solutions and hidden cases).

Student notebooks are generated from this file (``lstm-grade release``); never edit them by hand.
The format is described in exercises/README.md and lstmlib/grading/spec.py.

Every DNA string below is real: a window (or a slice of one) from the primate splice-junction data of
chapter 11 (``lstmlib.datasets.splice``), after removing duplicates, drawn with
``np.random.default_rng(1010)``. The log-odds tables are ln f_class(p, b) - ln f_neither(p, b) at
positions 21-40 of the whole deduplicated data, counts plus one, rounded to 3 decimals. They are
written out here, not loaded, so that the grader (and a Gradescope autograder) needs no data install.
"""
import numpy as np

from lstmlib.exercise_cases import variant
from lstmlib.grading.spec import Case, Comparison, ExerciseSet, Question

# Real data, positions 21-40 of the 60-nucleotide windows unless noted (junction between 10 and 11).
_Q1_PUBLIC = [['TTGACGTGCGAC', 'CCAAGGTCGGGT', 'TGCAGGTGCGTC'], ['TCTAGTTATCTC', 'TGCAGGGCTGGC']]
_Q1_HIDDEN = [['GTATATTCCACCATTCACAT', 'CCTCCCAAACTCATTTGGTG', 'AAGAAGTTGGCGATTTGGCT', 'ATGTTGCATCAGCTTTCACG'],
 ['TCAAAGCATGGTAAATACTT'],
 ['CTAACAAGTTTTTCTGTATGTAACTTCTAGGTGAAAGACCCCTGACAAAAGACAATCATC',
  'TCCCTCCTGATCCCATCCCTCCTTTCCCAGGGAGTGGAGGATGCCTTCTACACGTTGGTG',
  'CCTCCCGCTTTGTGTGCCCCGCTCCAGCAGCCTCCCGCGACGATGCCCCTCAACGTTACC']]
_Q2_PUBLIC = ['TTCTGGCCTGGTATGTGGGG', 'TCTTTCTCAGGCAACTCATG']
_Q2_HIDDEN = ['CTCCCTCATCTACACCAACT', 'ACCGACTGCCTGCTCGTGGAAATGGAGAAGGTAGGCTCGGCCTCCCATGATGTGGGCTCT',
 'TTGACTTTAGCCAGAACCAG']
_Q3_PUBLIC = (['TTGAGATCATGTGAGTGAAA', 'TTCTTCTTCTGTAAGTATAT', 'GCTGACCAAGGTACAGGGGA', 'GACCCGGCAGGTGAGGCAGC',
  'GACTCTCCAGGTAAGAACAG', 'GACCTATGAGGTAGGGGGTC', 'CTTGTCTTACAGAGCACTGA', 'TCGTCCACAGGTGACAATCT',
  'CAACGAGCAGGGCAGAACCT', 'CTTCTTACAGGTCTAAAAGA', 'TTGGGTCCAGGGACATCTCG', 'CAGGATATAACTGACTTCAC',
  'GAACTGCAGATCACCAATGT', 'CCGGAGAGGCTGAGCAGCCT', 'GGATTTGTTTAATTAAGGAT', 'AGCTTCTCTAAGAACCCAGG',
  'CTACAACATTTCTGTTTAAA', 'TGCGCCCTTCTCTCTAACTT', 'CAGTAATTGGACCAGGCGCG', 'GCTGCATCTCCTCTATCTTC',
  'CCAGTGGCACCGAGGGGGCG', 'GCACATGCCGTAAAAGAAAA'],
 [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
 ['TCTCTGCAGGGGCCACACCA', 'CAGCGCGCGGGTACCAGGGG', 'TTCTCCCCAGGCTCCCGGAC', 'GCGTTTGCAGGTGGGCCTGG',
  'ATATGCCATCTCTATGGCCC', 'CTCCTGGAGTCCTCACTGTC'])
_Q3_HIDDEN1 = (['GGAAAACCAGGTAAGCACCG', 'ATGGCTACAGGTAAGCGCCC', 'CTTTCTCAGGGTGAGGACCT', 'GAGATCGAAGGTAGGCAAGT',
  'AAGAACAAAGGTAAGAGTCA', 'ACTGCCAAGGGTGAGAGAGG', 'TTCCATTTAGCATACCCTTT', 'TTTCTTTTAGGTGTCTGCAT',
  'TGTCCCTTAGGTGGAGCTGG', 'TTGTGTTCAGGGTAAAAAAC', 'TATTTCATAGACTCCTGGTT', 'GTATATTCCACCATTCACAT',
  'AGGGAGTGAGTGCTCCATCA', 'TTCCTCTCCCCTATTGCTGG', 'TTCCATTTATTCTTTGATCT', 'AAAAACATCAACTCCTGAAG',
  'TCTGGCTCAGCACATATTGG', 'TGAGAAAACTGATGCCTGGA', 'CATCGAAGAGGATTCTGATG', 'TGGTGGCCACTCAGTTTTAG',
  'GGGCTGGCGGCTACTCAGCA', 'AAGACACACACCGAGAGCTA'],
 [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
 ['TGACATGGGGGTGAGTATAC', 'CCCTGGGAAGGTAGGCTCTG', 'TCCTTTGCAGGTACTGACAG', 'CTCTTCCCAGGAACACCATG',
  'CCCTTCTAAATCTCATTGTG', 'CACCTGCGCTGTGGACACTG'])
_Q3_HIDDEN2 = (['TGACATGGGGGTGAGTATAC', 'CCCTGGGAAGGTAGGCTCTG', 'GTTATTGCAGGTACCACCTA', 'AGAACCTCTGGTATGGAGAG',
  'GCTGATGGGGGTGAGGGTGG', 'GGGAGAAAAGGTGAGCTGGA', 'TGGCCCGTAGTCTTGACCCC', 'CCGCCCCCAGGCCTGCTGGA',
  'GCCGCCGCAGGTCTTCCTCA', 'TTCCTTTCAGACCCCCCCAA', 'CTCCCGGCAGAGAGCTGCGT', 'AAGGCAAAGAGTGGGAGGCA',
  'CATGGGCCCCCCTGAGATCA', 'CGTGGTGCTCTGGGAGATCT', 'CCTGAAATCAAGACCATCCT', 'TGCTTTGAGGCCTCTAGGGA',
  'GGTCTCGGTGACTTCTATCA', 'AAAGCCACCCCCAAATGCCC', 'TGTTTGAATTTGATGAAGAT', 'AGAAACAGAGACAGGCCCAA',
  'TGAACGTGTAGAGCACCGAG', 'CAAACTTGCACGACGCCTGC'],
 [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
 ['TGGCGTCGTGGTGAGCAGCT', 'CCAGGAGTTTGTAAGTTCTT', 'TTCCTCATAGAGTCATGCAA', 'TCTTCCCCAGTGACCTCCTC',
  'TCCAGAAGAAGACTGTAGCC', 'CCACAGACCAGATAAACAGT'])
_DONOR_LOG_ODDS = [[-0.122, 0.047, 0.17, -0.128], [0.073, 0.107, -0.039, -0.184], [-0.009, 0.127, -0.061, -0.075],
 [-0.089, -0.044, 0.264, -0.178], [0.126, -0.11, -0.097, 0.082], [-0.034, 0.064, -0.04, 0.01],
 [-0.119, 0.104, 0.218, -0.301], [0.197, 0.451, -0.446, -0.602], [0.868, -0.609, -0.458, -0.684],
 [-1.072, -2.061, 1.14, -1.243], [-5.047, -4.423, 1.273, -5.14], [-4.068, -3.523, -4.005, 1.353],
 [0.619, -2.314, 0.619, -2.37], [1.099, -1.032, -0.751, -1.279], [-1.522, -1.758, 1.272, -1.585],
 [-0.45, -0.45, -0.091, 0.617], [-0.055, -0.105, 0.389, -0.455], [-0.347, 0.238, 0.114, -0.085],
 [-0.366, 0.248, 0.21, -0.232], [-0.425, 0.043, 0.274, -0.052]]
_ACCEPTOR_LOG_ODDS = [[-1.104, 0.302, -0.869, 0.626], [-0.99, 0.299, -0.885, 0.693], [-1.453, 0.481, -0.74, 0.556],
 [-1.017, 0.575, -1.209, 0.414], [-1.517, 0.597, -1.546, 0.645], [-1.186, 0.494, -1.309, 0.597],
 [-0.023, 0.179, -0.056, -0.139], [-2.273, 1.143, -3.584, -0.182], [1.412, -4.466, -4.423, -4.442],
 [-4.425, -4.444, 1.339, -5.078], [0.183, -0.516, 0.545, -0.906], [-0.102, -0.141, -0.065, 0.251],
 [-0.125, 0.049, -0.079, 0.146], [-0.068, 0.102, 0.007, -0.06], [-0.022, 0.146, -0.193, 0.022],
 [-0.167, 0.135, 0.006, -0.011], [0.0, 0.121, 0.092, -0.253], [-0.105, 0.101, 0.075, -0.083],
 [-0.076, 0.042, 0.111, -0.088], [0.045, 0.002, 0.078, -0.145]]
_Q4_DONORS = ['AGCGACTCGGGTAAGGACCT', 'AGTAAAAGAGGTGAGGGCCT', 'CTTCACCCGGGTAAGAGAAA', 'TTCAAATAAGGTAAGCTGGG',
 'GACTGAGGAGGTCAGAAGTG']
_Q4_DONORS_HIDDEN = ['GGACAGATCGGTGCGCCAAG', 'TTCGTGGAGGGTGCGTGGTG', 'TTCTTCAAGGGTACTCAGGG', 'TGAAGATGAGGTGGAAATAA',
 'ACTACTGCAGGTGAGGGCAC', 'TGTGAGACGCGTAAGGCCCC', 'CACAGATCAGGTGAGGAGCA', 'CCTTGGGCAGGTTGGTATCG']
_Q4_ACCEPTORS = ['TACATTCCAGATGGAATGCT', 'CTCTCTGCAGTGACTCGCGG', 'TCTTCTGCAGGCTCAAAAAT', 'TCTTTTCTAGATGTCAGCCA',
 'CTCTGCACAGCTCCTGAGCC', 'TCTACTCCAGGCAGCGACAG']

_DONOR_LOG_ODDS, _ACCEPTOR_LOG_ODDS = np.array(_DONOR_LOG_ODDS), np.array(_ACCEPTOR_LOG_ODDS)

_ONE_HOT = '''def one_hot(seqs):
    """List of N equal-length DNA strings over "ACGT" -> (N, T, 4) float array, columns A, C, G, T."""
    alphabet = "ACGT"
    index = np.array([[alphabet.index(ch) for ch in s] for s in seqs])    # (N, T)
    return np.eye(4)[index]
'''

q1 = Question(
    id="q1", points=2, title="One-hot nucleotides",
    prompt=r"""
Write `one_hot(seqs)`: given a list of $N$ DNA strings of the same length $T$ over the letters
`A`, `C`, `G`, `T`, return a float array of shape (N, T, 4) with a single 1 in each row
`[n, t]`, in column 0 for A, 1 for C, 2 for G and 3 for T. The cases are slices of real windows
from the chapter's splice data.
""",
    starter='''def one_hot(seqs):
    """List of N equal-length DNA strings over "ACGT" -> (N, T, 4) float array, columns A, C, G, T."""
    raise NotImplementedError("look up each letter's column, then pick rows of the identity matrix")
''',
    solution=_ONE_HOT,
    function="one_hot",
    public=(Case(args=(_Q1_PUBLIC[0],), note="three donor windows, positions 26-37"),
            Case(args=(_Q1_PUBLIC[1],), note="two acceptor windows, positions 26-37")),
    hidden=tuple(Case(args=(s,)) for s in _Q1_HIDDEN),
    compare=Comparison(rtol=0.0, atol=0.0),
    mistakes={
        "The columns follow the alphabet A, C, G, T; you ordered them A, C, T, G.":
            variant(_ONE_HOT, ('alphabet = "ACGT"', 'alphabet = "ACTG"')),
        "The shape is (N, T, 4), sequences first; you returned (T, N, 4).":
            variant(_ONE_HOT, ("return np.eye(4)[index]", "return np.eye(4)[index].transpose(1, 0, 2)")),
    },
    hint="For ['AC'] the answer is [[[1, 0, 0, 0], [0, 1, 0, 0]]].",
)

_KMER = '''def kmer_counts(seq, k):
    """DNA string -> (4**k,) counts of every overlapping k-mer; word w_1..w_k at index
    sum_j letter(w_j) * 4**(k - j), letters A=0, C=1, G=2, T=3 (alphabetical order)."""
    letters = ["ACGT".index(ch) for ch in seq]
    counts = np.zeros(4**k)
    for start in range(len(seq) - k + 1):
        word = 0
        for letter in letters[start : start + k]:
            word = 4 * word + letter
        counts[word] += 1
    return counts
'''

q2 = Question(
    id="q2", points=2, title="k-mer counts",
    prompt=r"""
The chapter's 3-mer baseline describes a window by how often each three-letter word occurs in it,
anywhere. Write `kmer_counts(seq, k)`: for one DNA string, return a float array of length $4^k$
counting every *overlapping* word of $k$ letters (a string of length $L$ has $L - k + 1$ of them).
Words are in alphabetical order, so with A=0, C=1, G=2, T=3 the word $w_1 \dots w_k$ sits at index
$\sum_{j=1}^{k} \text{letter}(w_j)\, 4^{k-j}$: for $k = 2$, AA is 0, AC is 1, CA is 4 and TT is 15.
""",
    starter='''def kmer_counts(seq, k):
    """DNA string -> (4**k,) counts of every overlapping k-mer, words in alphabetical order."""
    raise NotImplementedError("slide a window of k letters; turn each word into its index")
''',
    solution=_KMER,
    function="kmer_counts",
    public=(Case(args=(_Q2_PUBLIC[0], 2), note="a donor window, positions 21-40, k=2"),
            Case(args=(_Q2_PUBLIC[1], 3), note="an acceptor window, positions 21-40, k=3")),
    hidden=(Case(args=(_Q2_HIDDEN[0], 3)), Case(args=(_Q2_HIDDEN[1], 3)), Case(args=(_Q2_HIDDEN[2], 1)),
            Case(args=(_Q2_HIDDEN[1], 2))),
    compare=Comparison(rtol=0.0, atol=0.0),
    mistakes={
        "The words overlap: a string of length L has L - k + 1 of them; you stepped by k.":
            variant(_KMER, ("range(len(seq) - k + 1)", "range(0, len(seq) - k + 1, k)")),
        "The last word is missing: start runs up to L - k inclusive.":
            variant(_KMER, ("range(len(seq) - k + 1)", "range(len(seq) - k)")),
        "The first letter of a word is the most significant (alphabetical order): AC is index 1, CA is 4.":
            variant(_KMER, ("letters[start : start + k]", "letters[start : start + k][::-1]")),
    },
    hint="For 'ACA' and k=2 the counts are 1 at index 1 (AC) and 1 at index 4 (CA), 0 elsewhere.",
)

_PWM = '''def pwm_scores(train_seqs, train_labels, test_seqs, n_classes, pseudocount):
    """Position weight matrix classifier. Returns (N_test, n_classes): for each test string and class c,
    log prior(c) + sum_p log f_c(p, x_p), natural logs, where f_c(p, b) = (count + pseudocount) /
    (N_c + 4 * pseudocount) over the training strings of class c, prior(c) = N_c / N_train."""
    alphabet = "ACGT"
    train = np.array([[alphabet.index(ch) for ch in s] for s in train_seqs])   # (N, T)
    test = np.array([[alphabet.index(ch) for ch in s] for s in test_seqs])
    labels = np.asarray(train_labels)
    T = train.shape[1]
    scores = np.zeros((len(test), n_classes))
    for c in range(n_classes):
        members = train[labels == c]
        counts = np.stack([(members == b).sum(axis=0) for b in range(4)], axis=1)   # (T, 4)
        log_f = np.log((counts + pseudocount) / (len(members) + 4 * pseudocount))
        scores[:, c] = np.log(len(members) / len(train)) + log_f[np.arange(T), test].sum(axis=1)
    return scores
'''

q3 = Question(
    id="q3", points=3, title="A position weight matrix baseline",
    prompt=r"""
Write `pwm_scores(train_seqs, train_labels, test_seqs, n_classes, pseudocount)`, the chapter's
position weight matrix classifier. For each class $c$, count how often each nucleotide $b$ occurs
at each position $p$ among the $N_c$ training strings of that class, and smooth:
$f_c(p, b) = (\text{count} + \text{pseudocount}) / (N_c + 4\,\text{pseudocount})$. Return the
(N_test, n_classes) array of scores

$$
s_c(x) = \log \frac{N_c}{N_\text{train}} + \sum_{p} \log f_c(p, x_p)
$$

with natural logarithms. The predicted class is the largest score. The cases are real 20-letter
windows (positions 21-40) with labels 0 donor, 1 acceptor, 2 neither; the classes are not balanced.
""",
    starter='''def pwm_scores(train_seqs, train_labels, test_seqs, n_classes, pseudocount):
    """Returns (N_test, n_classes): log prior(c) + sum_p log f_c(p, x_p), natural logs."""
    raise NotImplementedError("count per class and position, smooth, take logs, add up, add the prior")
''',
    solution=_PWM,
    function="pwm_scores",
    public=(Case(args=(*_Q3_PUBLIC, 3, 1.0), note="22 training windows (6, 5, 11), 6 test windows"),),
    hidden=(Case(args=(*_Q3_HIDDEN1, 3, 1.0)), Case(args=(*_Q3_HIDDEN2, 3, 0.5)),
            Case(args=(*_Q3_PUBLIC, 3, 2.0))),
    compare=Comparison(rtol=1e-9, atol=1e-9),
    mistakes={
        "The classes are not balanced: add the log prior log(N_c / N_train) to each class's score.":
            variant(_PWM, ("np.log(len(members) / len(train)) + ", "")),
        "Each of the 4 letters gets the pseudocount, so the denominator is N_c + 4 * pseudocount.":
            variant(_PWM, ("(len(members) + 4 * pseudocount)", "(len(members) + pseudocount)")),
        "The frequencies at each position are shares of the class's N_c strings, per letter; "
        "you normalized over positions instead.":
            variant(_PWM, ("(counts + pseudocount) / (len(members) + 4 * pseudocount)",
                           "(counts + pseudocount) / (counts + pseudocount).sum(axis=0)")),
    },
    hint="With pseudocount 1, a letter never seen at a position in a class of 6 strings scores log(1/10).",
)

_TOP = '''def top_positions(log_odds, seqs, k):
    """log_odds (T, 4), columns A, C, G, T; seqs: N strings of length T. Returns the 1-based positions
    of the k largest mean attributions, largest first (ties: the earlier position first)."""
    index = np.array([["ACGT".index(ch) for ch in s] for s in seqs])        # (N, T)
    T = index.shape[1]
    attribution = log_odds[np.arange(T), index]                             # (N, T): w[p, x_p]
    mean = attribution.mean(axis=0)
    return [int(p) + 1 for p in np.argsort(-mean, kind="stable")[:k]]
'''

q4 = Question(
    id="q4", points=3, title="Reading attributions",
    prompt=r"""
A PWM score of "donor rather than neither" is linear in the one-hot input:
$s(x) = \sum_{p,b} w_{p,b}\, x_{p,b}$ with $w_{p,b} = \log f_\text{donor}(p,b) - \log f_\text{neither}(p,b)$.
For a linear score, gradient times input is exact attribution: position $p$ of a window contributes
$w_{p, x_p}$, the weight of the letter actually there. The chapter averaged such attributions over
the windows of a class to find the positions a model leans on.

Write `top_positions(log_odds, seqs, k)`: `log_odds` is the (T, 4) table $w$ (columns A, C, G, T),
`seqs` a list of windows of length $T$. Return the **1-based** positions of the $k$ largest mean
attributions over the windows, largest first, as a list of ints (on a tie, the earlier position
first). The tables are the real log-odds at positions 21-40 of the chapter's data, so position 10 of
a case is the last exon letter of a donor and 11 the first intron letter; check that your answer on
the donor windows names the GT.
""",
    starter='''def top_positions(log_odds, seqs, k):
    """log_odds (T, 4); seqs: N strings of length T -> 1-based positions of the k largest mean
    attributions, largest first."""
    raise NotImplementedError("attribution of window n at p is log_odds[p, letter]; average over n")
''',
    solution=_TOP,
    function="top_positions",
    public=(Case(args=(_DONOR_LOG_ODDS, _Q4_DONORS, 3), note="donor vs neither, 5 donor windows"),
            Case(args=(_ACCEPTOR_LOG_ODDS, _Q4_ACCEPTORS, 2), note="acceptor vs neither, 6 acceptors"),
            Case(args=(_DONOR_LOG_ODDS, _Q4_ACCEPTORS, 3), note="the donor table on the acceptors")),
    hidden=(Case(args=(_DONOR_LOG_ODDS, _Q4_DONORS_HIDDEN, 5)), Case(args=(_ACCEPTOR_LOG_ODDS, _Q4_ACCEPTORS, 4)),
            Case(args=(_ACCEPTOR_LOG_ODDS, _Q1_HIDDEN[0], 3))),
    compare=Comparison(rtol=0.0, atol=0.0),
    mistakes={
        "Positions are 1-based here, as in the chapter: add 1 to the array index.":
            variant(_TOP, ("[int(p) + 1 for p", "[int(p) for p")),
        "The attribution uses the letter present in each window, w[p, x_p]; you took the largest weight "
        "at each position, whatever the window holds.":
            variant(_TOP, ("attribution = log_odds[np.arange(T), index]",
                           "attribution = np.tile(log_odds.max(axis=1), (len(index), 1))")),
        "Largest first: you returned the k smallest mean attributions.":
            variant(_TOP, ("np.argsort(-mean,", "np.argsort(mean,")),
    },
    hint="With log_odds = [[1, 0, 0, 0], [0, 2, 0, 0]] and seqs ['AC', 'CC'], the mean attributions are "
         "[0.5, 2.0], so k=1 gives [2].",
)

SET = ExerciseSet(
    id="set11", title="Exercises: reading DNA",
    chapter="chapters/11_biology",
    intro="These exercises follow the chapter on DNA and peptides. Every sequence in them is a real "
          "window (or a slice of one) from the primate splice-junction data the chapter uses. Run the "
          "first cell, complete each question's cell, then run `check(\"q1\")` and so on: it runs the "
          "public checks on your answer.",
    setup_code="import numpy as np",
    questions=(q1, q2, q3, q4),
)
