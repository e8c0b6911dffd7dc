# Verifies every DKIM-Signature of one message with dkimpy, looking the keys up in DNS at SERVER:PORT (the test's
# loopback DNS server) with dnspython, never the system resolver.
# Usage: dkimpy-verify-dns.py SERVER PORT MESSAGE; prints "pass" or "fail" per signature, separated by spaces.
import sys

import dkim
import dns.exception
import dns.resolver

resolver = dns.resolver.Resolver(configure=False)
resolver.nameservers = [sys.argv[1]]
resolver.port = int(sys.argv[2])
resolver.lifetime = 5


def lookup(name, timeout=5):
    try:
        answer = resolver.resolve(name.decode('ascii'), 'TXT', search=False)
    except dns.exception.DNSException:
        return None
    # One TXT record, its strings joined (RFC 6376 section 3.6.2.2).
    return b''.join(answer[0].strings)


def check(verifier, index):
    try:
        return 'pass' if verifier.verify(idx=index, dnsfunc=lookup) else 'fail'
    except dkim.DKIMException:
        return 'fail'


verifier = dkim.DKIM(open(sys.argv[3], 'rb').read())
count = len([h for h in verifier.headers if h[0].lower() == b'dkim-signature'])
print(' '.join(check(verifier, i) for i in range(count)))
