# Copying a classmate's answers from the submissions folder.
# expect: q1=0 q2=0
# feedback: No such file or directory
# %% end
import json
nb = json.load(open("{SUBMISSIONS}/classmate_solved.ipynb"))
for cell in nb["cells"]:
    if "solution" in cell["metadata"].get("tags", []):
        exec("".join(cell["source"]), globals())
