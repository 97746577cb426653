# Honest: a notebook that imports matplotlib, tqdm, IPython.display and ipywidgets, plots, prints and
# displays. All of it works in the sandbox.
# base: solved
# expect: q1=1 q2=2
# problems: 0
# %% top
import matplotlib.pyplot as plt
from IPython.display import HTML, Markdown, display
import ipywidgets as widgets
from tqdm.auto import tqdm
fig, ax = plt.subplots()
ax.plot([0, 1, 2], [0.9 ** k for k in range(3)])
plt.show()
for _ in tqdm(range(3)):
    pass
display(HTML("<b>memory</b>"), Markdown("**fading**"), widgets.IntSlider(value=3))
print("done")
