# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The known-state store: one interface suite over both backends, then each backend's own guarantees."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import time

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import ledger as ledger_mod
from ansible_collections.ozonetel.cloudagent.plugins.module_utils import ledger_file
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import (
    COLLECTION_VERSION,
    DEFAULT_LEDGER_DIR,
    LEDGER_ARGSPEC,
    LedgerError,
    LedgerKey,
    open_ledger,
    redact_location,
)
from ansible_collections.ozonetel.cloudagent.tests.unit.redis_server import REDIS_SERVER_MISSING, RedisServer, free_port

BASE = 'https://in1-ccaas-api.ozonetel.com'
API_KEY = 'KK0123456789abcdef'
TOKEN = 'eyJhbGciOiJIUzI1NiJ9.tok.sig'


def key(identity='vip', kind='blocklist', username='demo_user', base_url=BASE):
    return LedgerKey(base_url=base_url, username=username, kind=kind, identity=identity)


@pytest.fixture(scope='module')
def redis_server(tmp_path_factory):
    pytest.importorskip('redis', reason='the redis Python package is not installed')
    if REDIS_SERVER_MISSING:
        pytest.skip(REDIS_SERVER_MISSING)
    with RedisServer(tmp_path_factory.mktemp('redis')) as server:
        yield server


@pytest.fixture(params=['directory', 'redis'])
def backend(request, tmp_path):
    """A function opening a fresh, empty store of the backend: open_store(secrets=None)."""
    if request.param == 'directory':
        location = str(tmp_path / 'ledger')
    else:
        server = request.getfixturevalue('redis_server')
        location = server.url
        import redis
        client = redis.Redis.from_url(location)
        client.flushdb()
        client.close()
    opened = []

    def open_store(secrets=None):
        store = open_ledger(location, secrets=secrets)
        opened.append(store)
        return store
    open_store.location = location
    open_store.kind = request.param
    yield open_store
    for store in opened:
        store.close()


# ---------------------------------------------------------------- interface, both backends

def test_get_missing_is_none(backend):
    assert backend().get(key()) is None


def test_put_get_record_shape(backend):
    store = backend()
    written = store.put(key('VIP'), desired={'name': 'VIP', 'numbers': ['+919876543210']}, server={'id': '42'})
    record = store.get(key('vip'))
    assert record == written
    assert record['kind'] == 'blocklist'
    assert record['identity'] == 'vip'
    assert record['desired'] == {'name': 'VIP', 'numbers': ['+919876543210']}
    assert record['server'] == {'id': '42'}
    assert record['collection_version'] == COLLECTION_VERSION == '0.1.0'
    assert re.match(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$', record['updated_at'])
    assert record['base_url'] == BASE and record['username'] == 'demo_user'


def test_put_defaults_and_overwrite(backend):
    store = backend()
    assert store.put(key())['desired'] == {} and store.get(key())['server'] == {}
    store.put(key(), desired={'a': 1})
    store.put(key(), desired={'b': 2})
    assert store.get(key())['desired'] == {'b': 2}


def test_delete(backend):
    store = backend()
    store.put(key(), desired={'a': 1})
    assert store.delete(key()) is True
    assert store.get(key()) is None
    assert store.delete(key()) is False


def test_list_scope_kind_and_order(backend):
    store = backend()
    store.put(key('zeta'), desired={'n': 1})
    store.put(key('alpha'), desired={'n': 2})
    store.put(key('camp', kind='did'), desired={'n': 3})
    store.put(key('other', username='someone_else'), desired={'n': 4})
    store.put(key('other', base_url='https://api.ccaas.ozonetel.com'), desired={'n': 5})
    everything = store.list(base_url=BASE, username='demo_user')
    assert [(r['kind'], r['identity']) for r in everything] == [('blocklist', 'alpha'), ('blocklist', 'zeta'), ('did', 'camp')]
    assert [r['identity'] for r in store.list(base_url=BASE, username='demo_user', kind='did')] == ['camp']
    assert [r['identity'] for r in store.list(base_url=BASE, username='someone_else')] == ['other']
    assert store.list(base_url=BASE, username='nobody') == []
    assert store.list(base_url=BASE, username='demo_user', kind='phone') == []


def test_scope_base_url_canonical(backend):
    store = backend()
    store.put(key(base_url='HTTPS://IN1-CCAAS-API.ozonetel.com/'), desired={'x': 1})
    assert store.get(key())['desired'] == {'x': 1}
    assert len(store.list(base_url=BASE + '/', username=' demo_user ')) == 1


@pytest.mark.parametrize('identity', ['../../etc/passwd', 'a/b\\c', '*', '[x]?', 'ÄÖ mixed €', ':', '.', 'x' * 300])
def test_awkward_identities_are_safe_and_kept_plain(backend, identity):
    store = backend()
    store.put(key(identity), desired={'name': identity})
    assert store.get(key(identity))['identity'] == identity.strip().lower()
    listed = store.list(base_url=BASE, username='demo_user')
    assert [r['identity'] for r in listed] == [identity.strip().lower()]
    if backend.kind == 'directory':
        for dirpath, _dirs, files in os.walk(backend.location):
            assert os.path.realpath(dirpath).startswith(os.path.realpath(backend.location))
            assert all(len(name) < 120 for name in files)


def test_identity_canonical_form():
    assert key(' VIP ').identity == 'vip'
    assert key('Inbound_Sales', kind='did').identity == 'inbound_sales'
    assert LedgerKey(BASE, 'u', 'custom_kind', ' MiXed ').identity == 'MiXed'
    assert key('VIP') == key('vip') and hash(key('VIP')) == hash(key('vip'))


@pytest.mark.parametrize('bad', [dict(identity=' '), dict(kind='Block list'), dict(username=''), dict(base_url='')])
def test_key_validation(bad):
    with pytest.raises(LedgerError):
        key(**bad)


@pytest.mark.parametrize('desired,server', [
    ({'note': 'key is %s here' % API_KEY}, None),
    ({'nested': [{'deep': [TOKEN]}]}, None),
    (None, {'auth': API_KEY}),
    ({API_KEY: 'as a key name'}, None),
    ({'apiKey': 'x'}, None),
    ({'a': {'api_key': 'x'}}, None),
    ({'Token': 'x'}, None),
    (None, {'password': 'x'}),
])
def test_secrets_refused(backend, desired, server):
    store = backend(secrets=[API_KEY, TOKEN, None, ''])
    with pytest.raises(LedgerError, match='refusing to record') as info:
        store.put(key(), desired=desired, server=server)
    assert API_KEY not in str(info.value) and TOKEN not in str(info.value)
    assert store.get(key()) is None


def test_short_secret_only_refused_as_whole_value(backend):
    store = backend(secrets=['abc'])
    store.put(key(), desired={'name': 'abcdef'})
    with pytest.raises(LedgerError):
        store.put(key(), desired={'name': 'abc'})


def test_non_dict_values_refused(backend):
    with pytest.raises(LedgerError, match='desired must be a dict'):
        backend().put(key(), desired=['x'])
    with pytest.raises(LedgerError, match='server must be a dict'):
        backend().put(key(), server='42')


def test_lock_is_exclusive_and_released(backend):
    first, second = backend(), backend()
    with first.lock(key()):
        with pytest.raises(LedgerError, match='timed out'):
            with second.lock(key(), timeout=0.2):
                pass  # pragma: no cover
        with second.lock(key('another'), timeout=0.2):  # other keys are not blocked
            pass
    with second.lock(key(), timeout=0.2):
        pass


def test_lock_released_when_body_raises(backend):
    store = backend()
    with pytest.raises(ZeroDivisionError):
        with store.lock(key()):
            raise ZeroDivisionError
    with backend().lock(key(), timeout=0.2):
        pass


def test_describe_hides_password():
    assert redact_location('redis://:s3cret@host:6379/0') == 'redis://:***@host:6379/0'
    assert redact_location('rediss://user:s3cret@host/1?ssl_cert_reqs=none') == 'rediss://user:***@host/1?ssl_cert_reqs=none'
    assert redact_location('redis://host:6379/0') == 'redis://host:6379/0'
    assert redact_location('/var/lib/ledger') == '/var/lib/ledger'


def test_argspec():
    assert LEDGER_ARGSPEC['ledger']['type'] == 'str'
    assert LEDGER_ARGSPEC['ledger']['fallback'][1] == ['CLOUDAGENT_LEDGER']


def test_unsupported_scheme():
    with pytest.raises(LedgerError, match='unsupported location'):
        open_ledger('http://user:pw@example.com/x')


# ---------------------------------------------------------------- directory backend

def test_default_location(monkeypatch, tmp_path):
    monkeypatch.setenv('HOME', str(tmp_path))
    for location in (None, '', '  '):
        store = open_ledger(location)
        assert store.location == str(tmp_path / '.ansible' / 'cloudagent' / 'ledger')
    assert DEFAULT_LEDGER_DIR == '~/.ansible/cloudagent/ledger'
    assert not (tmp_path / '.ansible').exists()  # opening and reading never create anything
    assert store.list(base_url=BASE, username='demo_user') == []
    store.put(key(), desired={'a': 1})
    for path in (tmp_path / '.ansible', tmp_path / '.ansible' / 'cloudagent', tmp_path / '.ansible' / 'cloudagent' / 'ledger'):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o700


@pytest.mark.parametrize('umask', [0o022, 0o000, 0o077])
def test_permissions(tmp_path, umask):
    old = os.umask(umask)
    try:
        store = open_ledger(str(tmp_path / 'ledger'))
        store.put(key(), desired={'a': 1})
        with store.lock(key('other')):
            pass
    finally:
        os.umask(old)
    dirs, files = [], []
    for dirpath, dirnames, filenames in os.walk(tmp_path / 'ledger'):
        dirs.append(dirpath)
        files.extend(os.path.join(dirpath, f) for f in filenames)
    assert len(dirs) == 3 and len(files) == 3  # root, scope, kind; scope.json, record, lock file
    assert all(stat.S_IMODE(os.stat(d).st_mode) == 0o700 for d in dirs)
    assert all(stat.S_IMODE(os.stat(f).st_mode) == 0o600 for f in files)


def test_records_are_readable_json(tmp_path):
    store = open_ledger(str(tmp_path))
    store.put(key('My Group'), desired={'name': 'My Group'})
    path = store.path_of(key('My Group'))
    assert path.startswith(str(tmp_path)) and path.endswith('.json')
    with open(path, encoding='utf-8') as handle:
        assert json.load(handle)['identity'] == 'my group'
    with open(os.path.join(os.path.dirname(os.path.dirname(path)), 'scope.json'), encoding='utf-8') as handle:
        assert json.load(handle) == {'base_url': BASE, 'username': 'demo_user'}


def test_atomic_write_leaves_no_temp_files(tmp_path, monkeypatch):
    store = open_ledger(str(tmp_path))
    for index in range(20):
        store.put(key(), desired={'n': index})
    kind_dir = os.path.dirname(store.path_of(key()))
    assert sorted(os.listdir(kind_dir)) == [os.path.basename(store.path_of(key()))]

    def broken_fsync(_fd):
        raise OSError(28, 'No space left on device')
    monkeypatch.setattr(ledger_file.os, 'fsync', broken_fsync)
    with pytest.raises(LedgerError, match='No space left'):
        store.put(key(), desired={'n': 'lost'})
    monkeypatch.undo()
    assert store.get(key())['desired'] == {'n': 19}  # the old record is intact
    assert sorted(os.listdir(kind_dir)) == [os.path.basename(store.path_of(key()))]


@pytest.mark.parametrize('content', ['', '{"kind": "blocklist", "identity": "vip", "desi', '[1, 2]', '{"kind": "did", "identity": "x"}'])
def test_corrupted_record(tmp_path, content):
    store = open_ledger(str(tmp_path))
    store.put(key(), desired={'a': 1})
    path = store.path_of(key())
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write(content)
    for call in (lambda: store.get(key()), lambda: store.list(base_url=BASE, username='demo_user')):
        with pytest.raises(LedgerError) as info:
            call()
        assert path in str(info.value) and 'state=absent' in str(info.value)
    assert store.delete(key()) is True  # forgetting works on a corrupted record
    assert store.get(key()) is None


def test_location_not_a_directory(tmp_path):
    (tmp_path / 'file').write_text('x')
    with pytest.raises(LedgerError, match='not a directory'):
        open_ledger(str(tmp_path / 'file'))


def test_unwritable_directory(tmp_path):
    if os.geteuid() == 0:
        pytest.skip('root can write anywhere')
    root = tmp_path / 'ro'
    root.mkdir(mode=0o500)
    with pytest.raises(LedgerError, match='cannot create directory'):
        open_ledger(str(root)).put(key(), desired={})


def test_directory_that_cannot_be_created_is_named(tmp_path, monkeypatch):
    """Even as root (where test_unwritable_directory skips): the message names the directory mkdir refused,
    a parent of the record's directory, and nothing is left half-made."""
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils import private_dir
    refused = tmp_path / 'ledger'
    real_mkdir = private_dir.os.mkdir

    def mkdir(path, mode=0o777):
        if path == str(refused):
            raise PermissionError(13, 'Permission denied', path)
        return real_mkdir(path, mode)
    monkeypatch.setattr(private_dir.os, 'mkdir', mkdir)
    store = open_ledger(str(refused))
    for call in (lambda: store.put(key(), desired={}), lambda: store.check_writable(BASE, 'demo_user')):
        with pytest.raises(LedgerError) as info:
            call()
        assert str(info.value) == 'ledger: cannot create directory %s: Permission denied' % refused
    assert not refused.exists()


# ---------------------------------------------------------------- redis backend

def test_redis_key_layout_and_json(redis_server):
    import redis
    store = open_ledger(redis_server.url)
    store.put(key('Key Layout'), desired={'name': 'Key Layout'})
    client = redis.Redis.from_url(redis_server.url)
    names = [n.decode() for n in client.scan_iter(match='cloudagent:ledger:*')]
    assert names == [store.redis_key(key('Key Layout'))]
    assert names[0].startswith('cloudagent:ledger:in1-ccaas-api.ozonetel.com_demo_user-')
    assert names[0].split(':')[3] == 'blocklist'
    assert json.loads(client.get(names[0]))['identity'] == 'key layout'
    client.set(names[0], b'{"trunc')
    with pytest.raises(LedgerError, match='corrupted') as info:
        store.get(key('Key Layout'))
    assert names[0] in str(info.value)
    client.delete(names[0])
    client.close()
    store.close()


def test_redis_lock_is_renewed_while_held(redis_server, monkeypatch):
    """Work under the lock may outlast the lease (HTTP calls with retries): the lease is renewed meanwhile."""
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils import ledger_redis
    monkeypatch.setattr(ledger_redis, 'LOCK_LEASE_SECONDS', 0.3)
    holder, other = open_ledger(redis_server.url), open_ledger(redis_server.url)
    with holder.lock(key('renewed')):
        time.sleep(1.0)  # more than three leases
        with pytest.raises(LedgerError, match='timed out'):
            with other.lock(key('renewed'), timeout=0.2):
                pass  # pragma: no cover
    with other.lock(key('renewed'), timeout=0.5):  # released cleanly, not expired
        pass
    holder.close()
    other.close()


def test_redis_lock_lost_is_reported_at_release(redis_server):
    import redis
    store = open_ledger(redis_server.url)
    client = redis.Redis.from_url(redis_server.url)
    with pytest.raises(LedgerError, match='expired before the work under it finished'):
        with store.lock(key('stolen')):
            client.delete(store._lock_key(key('stolen')))  # pylint: disable=protected-access
    client.close()
    store.close()


def test_redis_password_in_url_and_env(tmp_path, monkeypatch):
    pytest.importorskip('redis', reason='the redis Python package is not installed')
    if REDIS_SERVER_MISSING:
        pytest.skip(REDIS_SERVER_MISSING)
    password = 'pw-Sup3rSecret'
    with RedisServer(tmp_path / 'auth', password=password) as server:
        url_with = 'redis://:%s@127.0.0.1:%d/0' % (password, server.port)
        store = open_ledger(url_with)
        assert password not in store.describe()
        store.put(key(), desired={'a': 1})
        store.close()

        monkeypatch.delenv('CLOUDAGENT_LEDGER_PASSWORD', raising=False)
        with pytest.raises(LedgerError) as info:
            open_ledger(server.url)
        assert 'authentication' in str(info.value).lower() or 'auth' in str(info.value).lower()

        monkeypatch.setenv('CLOUDAGENT_LEDGER_PASSWORD', password)
        store = open_ledger(server.url)
        assert store.get(key())['desired'] == {'a': 1}
        store.close()
        assert ledger_mod.location_secrets(server.url) == [password]

        monkeypatch.setenv('CLOUDAGENT_LEDGER_PASSWORD', 'wrong-password')
        with pytest.raises(LedgerError) as info:
            open_ledger(server.url)
        assert 'wrong-password' not in str(info.value)
        with pytest.raises(LedgerError) as info:
            open_ledger('redis://:bad-Passw0rd@127.0.0.1:%d/0' % server.port)
        assert 'bad-Passw0rd' not in str(info.value) and ':***@' in str(info.value)


def test_redis_unreachable_message_hides_password():
    pytest.importorskip('redis', reason='the redis Python package is not installed')
    port = free_port()  # nothing listens there
    with pytest.raises(LedgerError) as info:
        open_ledger('redis://admin:hunter2-secret@127.0.0.1:%d/3' % port)
    message = str(info.value)
    assert 'hunter2-secret' not in message
    assert 'redis://admin:***@127.0.0.1:%d/3' % port in message
    assert 'cannot connect' in message


def test_missing_redis_package(monkeypatch):
    monkeypatch.setitem(sys.modules, 'redis', None)  # makes "import redis" raise ImportError
    with pytest.raises(LedgerError) as info:
        open_ledger('redis://:pw-xyz@127.0.0.1:1/0')
    message = str(info.value)
    assert 'Failed to import the required Python library (redis)' in message
    assert 'pip install redis' in message and 'pw-xyz' not in message


def _collections_base():
    """The sys.path entry holding ansible_collections/ (ledger.py is six levels below it)."""
    path = ledger_mod.__file__
    for _level in range(6):
        path = os.path.dirname(path)
    return path


def test_module_utils_import_without_redis():
    """ledger, ledger_file and ledger_redis import with no redis package; a directory store works."""
    code = '''
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "redis" or name.startswith("redis."):
            raise ImportError("blocked")
sys.meta_path.insert(0, Block())
sys.path.insert(0, %r)
from ansible_collections.ozonetel.cloudagent.plugins.module_utils import ledger, ledger_file, ledger_redis
import tempfile
store = ledger.open_ledger(tempfile.mkdtemp())
store.put(ledger.LedgerKey("https://x", "u", "did", "c"), desired={"a": 1})
assert "redis" not in sys.modules
print("ok")
''' % _collections_base()
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=False, timeout=60)
    assert out.stdout.strip() == 'ok', out.stderr
