# Verifies every DKIM-Signature of each message with dkimpy, answering key lookups from a file.
# Usage: dkimpy-verify.py RECORDS MESSAGE...; RECORDS holds "name record-text" lines.
# Prints one line per message: "pass" or "fail" for each signature, separated by spaces.
import sys

import dkim

records = {}
for line in open(sys.argv[1], 'rb').read().split(b'\n'):
    if line:
        name, text = line.split(b' ', 1)
        records[name + b'.'] = text


def lookup(name, timeout=5):
    return records.get(name)


def check(verifier, index):
    try:
        return 'pass' if verifier.verify(idx=index, dnsfunc=lookup) else 'fail'
    except dkim.DKIMException:
        return 'fail'


for path in sys.argv[2:]:
    verifier = dkim.DKIM(open(path, 'rb').read())
    count = len([h for h in verifier.headers if h[0].lower() == b'dkim-signature'])
    print(' '.join(check(verifier, i) for i in range(count)))
