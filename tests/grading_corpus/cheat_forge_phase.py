# Forging the "public results done" frame to get the hidden inputs early, then raising them (hex-encoded)
# from a cell: whatever the child says after the hidden inputs left the grader is shown without its words.
# expect: q1=0 q2=0
# feedback: raised ValueError
# %% top
import json, os, struct, sys
msg = json.dumps({"t": "public-done"}).encode()
os.write(int(sys.argv[1]), struct.pack(">I", len(msg)) + msg)
raise ValueError(os.read(0, 1 << 20).hex())
