"""Make the repository importable as ansible_collections.ozonetel.cloudagent for plain pytest.

The repository root is the collection root. When the checkout does not already sit in an
``ansible_collections/ozonetel/cloudagent`` tree, build one from a symlink in a temporary
directory and put it first on sys.path; also expose the simulator package.
"""
import hashlib
import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.abspath(__file__))


def _collection_root():
    parts = ROOT.split(os.sep)
    if len(parts) >= 3 and parts[-3:-1] == ['ansible_collections', 'ozonetel']:
        return os.sep.join(parts[:-3])
    # One tree per checkout: two checkouts tested at once must never import each other's code.
    checkout = hashlib.sha256(ROOT.encode('utf-8')).hexdigest()[:12]
    base = os.path.join(tempfile.gettempdir(), 'cloudagent-pytest-%d-%s' % (os.getuid(), checkout))
    link = os.path.join(base, 'ansible_collections', 'ozonetel', 'cloudagent')
    os.makedirs(os.path.dirname(link), exist_ok=True)
    if not (os.path.islink(link) and os.readlink(link) == ROOT):
        tmp_link = '%s.%d' % (link, os.getpid())
        os.symlink(ROOT, tmp_link)
        os.replace(tmp_link, link)
    return base


sys.path.insert(0, _collection_root())
sys.path.insert(0, os.path.join(ROOT, 'tests', 'simulator'))
