# Writing frames straight to the result pipe: a pickled object, an object-dtype array, a structured dtype.
# The grader accepts plain data only and says so; the forged values score nothing.
# expect: q1=0 q2=0
# %% top
import json, os, struct, sys
def send(msg):
    data = json.dumps(msg).encode()
    os.write(int(sys.argv[1]), struct.pack(">I", len(data)) + data)
for k, value in enumerate([{"pickle": "gASVAAAA"}, {"nd": ["|O", [1], "AAAAAAAAAAA="]}, {"nd": ["V8", [1], "AAAAAAAAAAA="]}]):
    send({"t": "case", "q": "q2", "k": k, "value": value})
