# Signs messages with dkimpy and writes each DKIM-Signature field to a file.
# Usage: dkimpy-sign.py JOBS; each line of JOBS: MESSAGE SELECTOR DOMAIN KEYFILE ALGORITHM HCANON BCANON OUTPUT
# KEYFILE: a PKCS#1 PEM for rsa-sha256, the base64 32-byte seed for ed25519-sha256.
import sys

import dkim

for job in open(sys.argv[1]).read().splitlines():
    message, selector, domain, keyfile, algorithm, hcanon, bcanon, output = job.split(' ')
    field = dkim.sign(open(message, 'rb').read(), selector.encode(), domain.encode(), open(keyfile, 'rb').read(),
                      canonicalize=(hcanon.encode(), bcanon.encode()), signature_algorithm=algorithm.encode())
    open(output, 'wb').write(field)
