# Captures Dovecot's SORT / THREAD / SEARCH answers over the MIME corpus for Search/DovecotCorpusAnswerTests.swift.
# Usage: scripts/services/dovecot.sh start DIR; . its exports; python3 capture-dovecot-answers.py $TERN_TEST_DOVECOT \
#   Tests/TernMIMETests/Corpus Tests/TernIMAPServerTests/Query/Fixtures/dovecot-corpus-answers.txt
import os, socket, sys
host, port = sys.argv[1].split(':')
corpus = sys.argv[2]
out = sys.argv[3]
s = socket.create_connection((host, int(port)))
buf = b''
def read_until(tag):
    global buf
    while True:
        i = buf.find(tag + b' ')
        if i >= 0 and (i == 0 or buf[i-2:i] == b'\r\n'):
            j = buf.find(b'\r\n', i)
            if j >= 0:
                o = buf[:j+2]; buf = buf[j+2:]; return o
        d = s.recv(65536)
        if not d: return buf
        buf += d
def cmd(text):
    s.sendall(b'c ' + text.encode() + b'\r\n')
    return read_until(b'c')
s.recv(1000)
cmd('LOGIN tern tern'); cmd('DELETE QueryCorpus'); cmd('CREATE QueryCorpus')
names = sorted(n for n in os.listdir(corpus) if n.endswith('.eml'))
months = ['Jan', 'Feb', 'Mar']
for index, name in enumerate(names):
    data = open(os.path.join(corpus, name), 'rb').read()
    h = (index * 37) % 256
    date = '%02d-Jan-2024 %02d:00:00 +0000' % (1 + h // 24, h % 24)
    s.sendall(b'a APPEND QueryCorpus "%s" {%d+}\r\n' % (date.encode(), len(data)) + data + b'\r\n')
    r = read_until(b'a')
    assert b'a OK' in r, (name, r)
cmd('SELECT QueryCorpus')
queries = [
    'SORT (ARRIVAL) UTF-8 ALL', 'SORT (DATE) UTF-8 ALL', 'SORT (REVERSE DATE) UTF-8 ALL', 'SORT (SUBJECT) UTF-8 ALL',
    'SORT (FROM) UTF-8 ALL', 'SORT (TO) UTF-8 ALL', 'SORT (CC) UTF-8 ALL', 'SORT (SIZE) UTF-8 ALL',
    'SORT (SUBJECT REVERSE ARRIVAL) UTF-8 ALL',
    'THREAD REFERENCES UTF-8 ALL', 'THREAD ORDEREDSUBJECT UTF-8 ALL',
    'SEARCH FROM alice', 'SEARCH TO example.com', 'SEARCH CC bob', 'SEARCH SUBJECT message', 'SEARCH SUBJECT re',
    'SEARCH HEADER Content-Type multipart', 'SEARCH HEADER X-Mailer ""', 'SEARCH TEXT hello', 'SEARCH BODY "the"',
    'SEARCH TEXT "example.org"', 'SEARCH LARGER 3000', 'SEARCH SENTSINCE 1-Mar-2024', 'SEARCH SENTBEFORE 1-Jan-2024',
    'SEARCH SINCE 5-Jan-2024', 'SEARCH ON 3-Jan-2024', 'SEARCH OR FROM bob NOT TEXT attachment',
]
with open(out, 'w') as f:
    f.write('# Dovecot 2.3 answers over Tests/TernMIMETests/Corpus, appended in name order with INTERNALDATE\n')
    f.write('# 1-Jan-2024 00:00 UTC + ((index * 37) mod 256) hours; regenerate with capture-dovecot-answers.py (same folder).\n')
    for q in queries:
        r = cmd(q).decode('utf-8', 'replace')
        line = [l for l in r.split('\r\n') if l.startswith('* ')]
        f.write(q + '\t' + (line[0][2:] if line else '') + '\n')
print(len(names), 'messages')
