/// Every command form, written canonically (uppercase keywords, single spaces): each must parse and
/// re-encode to exactly these bytes. Shared by the round-trip and fragmentation tests.
enum CommandTable {
    static let anyState: [String] = [
        "a1 CAPABILITY\r\n",
        "a1 NOOP\r\n",
        "a1 LOGOUT\r\n",
        "a1 ID (\"name\" \"sodr\" \"version\" \"19.34\" \"vendor\" NIL)\r\n",
        "a1 ID NIL\r\n",
        "a1 ID ()\r\n",
        "a1 ENABLE CONDSTORE UTF8=ACCEPT QRESYNC\r\n",
        "a1 COMPRESS DEFLATE\r\n",
    ]

    static let notAuthenticated: [String] = [
        "a1 STARTTLS\r\n",
        "a1 AUTHENTICATE GSSAPI\r\n",
        "a1 AUTHENTICATE PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n",
        "a1 AUTHENTICATE EXTERNAL =\r\n",
        "a1 LOGIN SMITH SESAME\r\n",
        "a1 LOGIN \"fred foobar\" \"pa\\\"ss\\\\word\"\r\n",
        "a1 LOGIN {4}\r\nfred {6}\r\nsecret\r\n",
        "a1 LOGIN {4+}\r\nfred \"\"\r\n",
    ]

    static let mailbox: [String] = [
        "a1 SELECT INBOX\r\n",
        "a1 SELECT inbox\r\n",
        "a1 SELECT INBOX (CONDSTORE)\r\n",
        "a1 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))\r\n",
        "a1 EXAMINE INBOX (QRESYNC (67890007 90060115194045000 41:211,214:541 (1:15,29,30 1:3,5,8:10)))\r\n",
        "a1 SELECT INBOX (QRESYNC (1 2 (1:3 4:6)))\r\n",
        "a1 SELECT INBOX (QRESYNC (1 0))\r\n",
        "a1 EXAMINE blurdybloop\r\n",
        "a1 SELECT \"Sent Items\"\r\n",
        "a1 SELECT &ZeVnLIqe-\r\n",
        "a1 CREATE owatagusiam/\r\n",
        "a1 CREATE MySpecial (USE (\\Drafts \\Sent))\r\n",
        "a1 CREATE Stuff (USE ())\r\n",
        "a1 DELETE blurdybloop\r\n",
        "a1 RENAME blurdybloop sarasoop\r\n",
        "a1 SUBSCRIBE #news.comp.mail.mime\r\n",
        "a1 UNSUBSCRIBE #news.comp.mail.mime\r\n",
        "a1 LIST \"\" \"\"\r\n",
        "a1 LIST ~/Mail/ %\r\n",
        "a1 LIST \"\" *\r\n",
        "a1 LIST /usr/staff/jones \"\"\r\n",
        "a1 LIST (SUBSCRIBED) \"\" \"*\" RETURN (CHILDREN)\r\n",
        "a1 LIST \"\" (INBOX Drafts) RETURN (STATUS (MESSAGES UNSEEN))\r\n",
        "a1 LIST (SPECIAL-USE) \"\" *\r\n",
        "a1 LIST \"\" % RETURN (SPECIAL-USE SUBSCRIBED)\r\n",
        "a1 LIST (REMOTE SUBSCRIBED RECURSIVEMATCH) \"\" %\r\n",
        "a1 LIST () \"\" % RETURN ()\r\n",
        "a1 LSUB \"#news.\" comp.mail.*\r\n",
        "a1 NAMESPACE\r\n",
        "a1 STATUS blurdybloop (UIDNEXT MESSAGES)\r\n",
        "a1 STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE HIGHESTMODSEQ APPENDLIMIT)\r\n",
        "a1 IDLE\r\n",
        "a1 GETQUOTA \"\"\r\n",
        "a1 GETQUOTAROOT INBOX\r\n",
        "a1 SETQUOTA \"\" (STORAGE 512)\r\n",
        "a1 SETQUOTA #user/alice (STORAGE 512 MESSAGE 1000)\r\n",
        "a1 SETQUOTA \"\" ()\r\n",
    ]

    static let selected: [String] = [
        "a1 CHECK\r\n",
        "a1 CLOSE\r\n",
        "a1 UNSELECT\r\n",
        "a1 EXPUNGE\r\n",
        "a1 UID EXPUNGE 3000:3002\r\n",
        "a1 COPY 2:4 MEETING\r\n",
        "a1 UID COPY 1:* Trash\r\n",
        "a1 MOVE 1:3 Archive\r\n",
        "a1 UID MOVE $ Archive\r\n",
    ]

    static let fetch: [String] = [
        "a1 FETCH 1:* ALL\r\n",
        "a1 FETCH 1 FAST\r\n",
        "a1 FETCH 12 FULL\r\n",
        "a1 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])\r\n",
        "a1 FETCH 12 BODY[HEADER]\r\n",
        "a1 FETCH 1 (ENVELOPE FLAGS INTERNALDATE RFC822 RFC822.HEADER RFC822.SIZE RFC822.TEXT BODY BODYSTRUCTURE UID MODSEQ)\r\n",
        "a1 FETCH 1 BODY.PEEK[1.2.MIME]\r\n",
        "a1 FETCH 1 BODY[]<0.2048>\r\n",
        "a1 FETCH 1 BODY[3.HEADER.FIELDS.NOT (To Cc)]<10.20>\r\n",
        "a1 FETCH 1 (BINARY[1.2] BINARY.PEEK[] BINARY.SIZE[3] BINARY[2]<0.100>)\r\n",
        "a1 FETCH 1 BODY[4.2.TEXT]\r\n",
        "a1 FETCH 1 BODY[1]\r\n",
        "a1 FETCH 1 BODY.PEEK[TEXT]<4294967296.1>\r\n",
        "a1 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)\r\n",
        "a1 FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)\r\n",
        "a1 FETCH $ (UID)\r\n",
        "a1 FETCH 5,3:1,7:*,* FLAGS\r\n",
        "a1 FETCH 1 BODY[HEADER.FIELDS ({7}\r\nSubject \"X-Odd Name\")]\r\n",
    ]

    static let store: [String] = [
        "a1 STORE 2:4 +FLAGS (\\Deleted)\r\n",
        "a1 STORE 1 -FLAGS.SILENT (\\Seen $Forwarded)\r\n",
        "a1 STORE 1 FLAGS ()\r\n",
        "a1 STORE 12 +FLAGS \\Deleted\r\n",
        "a1 STORE 12 +FLAGS \\Deleted \\Seen\r\n",
        "a1 UID STORE 1:3 (UNCHANGEDSINCE 200) +FLAGS.SILENT (\\Seen)\r\n",
        "a1 STORE $ FLAGS.SILENT (\\Answered \\Flagged \\Deleted \\Seen \\Draft NonJunk)\r\n",
    ]

    static let search: [String] = [
        "a1 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"\r\n",
        "a1 SEARCH TEXT \"string not in mailbox\"\r\n",
        "a1 UID SEARCH RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"\r\n",
        "a1 SEARCH RETURN () UNSEEN\r\n",
        "a1 SEARCH RETURN (MIN MAX ALL COUNT SAVE) DELETED\r\n",
        "a1 SEARCH CHARSET UTF-8 TEXT {6}\r\nXXXXXX\r\n",
        "a1 SEARCH RETURN (SAVE) CHARSET UTF-8 ALL\r\n",
        "a1 SEARCH OR (SEEN FLAGGED) NOT (DELETED LARGER 1000) UID 1:5,7\r\n",
        "a1 SEARCH HEADER Message-ID <x@y.example>\r\n",
        "a1 SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338\r\n",
        "a1 SEARCH MODSEQ \"/flags/$Junk\" priv 1 MODSEQ 100\r\n",
        "a1 SEARCH ALL ANSWERED DELETED DRAFT FLAGGED SEEN UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNSEEN NEW OLD RECENT\r\n",
        "a1 SEARCH KEYWORD $Forwarded UNKEYWORD Junk\r\n",
        "a1 SEARCH BCC a CC b SUBJECT c TO d BODY e FROM f\r\n",
        "a1 SEARCH BEFORE 1-Jan-2020 ON 29-Feb-2024 SINCE 31-Dec-1999 SENTBEFORE 1-Jan-2020 SENTON 2-Jan-2020 SENTSINCE 3-Jan-2020\r\n",
        "a1 SEARCH LARGER 4294967296 SMALLER 10\r\n",
        "a1 SEARCH SINCE 1-Feb-0997 BEFORE 9-Jan-0001\r\n",  // found by the fuzzer: years keep 4 digits
        "a1 SEARCH $\r\n",
        "a1 SEARCH 1:5,* NOT $\r\n",
        "a1 SEARCH OR OR SEEN DRAFT (NOT (FLAGGED) OR TO x (CC y))\r\n",
        "a1 UID SORT (DATE) UTF-8 SINCE 1-Feb-1994\r\n",
        "a1 SORT (REVERSE ARRIVAL SUBJECT CC FROM SIZE TO) US-ASCII ALL\r\n",
        "a1 THREAD ORDEREDSUBJECT UTF-8 SINCE 5-Mar-2000\r\n",
        "a1 UID THREAD REFERENCES US-ASCII ALL\r\n",
    ]

    static let append: [String] = [
        "a1 APPEND saved-messages (\\Seen) {5}\r\nHello\r\n",
        "a1 APPEND INBOX {0}\r\n\r\n",
        "a1 APPEND INBOX \"17-Jul-1996 02:44:25 -0700\" {3+}\r\nabc\r\n",
        "a1 APPEND INBOX (\\Seen \\Draft) \" 7-Feb-1994 21:52:25 +0100\" {2}\r\nhi\r\n",
        "a1 APPEND INBOX () ~{4}\r\na\u{0}bc\r\n",
        "a1 APPEND INBOX UTF8 (~{3}\r\nabc)\r\n",
        "a1 APPEND INBOX {1}\r\nx (\\Seen) {2+}\r\nyz UTF8 (~{1}\r\nw)\r\n",
        "a1 APPEND {5}\r\nDraft {3}\r\nabc\r\n",
        "a1 APPEND \"Sent Items\" {12}\r\nline\r\nline\r\n\r\n",
    ]

    static let continuationLines: [String] = [
        "a1 IDLE\r\nDONE\r\n",
    ]

    static var all: [String] { anyState + notAuthenticated + mailbox + selected + fetch + store + search + append }
}
