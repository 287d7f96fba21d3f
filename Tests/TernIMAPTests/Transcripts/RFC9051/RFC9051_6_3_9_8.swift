// RFC 9051 §6.3.9.8 LIST Command Examples: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_3_9_8 = RFCTranscript(
        reference: "RFC 9051 §6.3.9.8 LIST Command Examples",
        text: ##"""
            # joined: several extended examples are wrapped in the RFC; each is one line here.
            C: A101 LIST "" ""
            S: * LIST (\Noselect) "/" ""
            S: A101 OK LIST Completed
            C: A102 LIST #news.comp.mail.misc ""
            S: * LIST (\Noselect) "." #news.
            S: A102 OK LIST Completed
            C: A103 LIST /usr/staff/jones ""
            S: * LIST (\Noselect) "/" /
            S: A103 OK LIST Completed
            C: A202 LIST ~/Mail/ %
            S: * LIST (\Noselect) "/" ~/Mail/foo
            S: * LIST () "/" ~/Mail/meetings
            S: A202 OK LIST completed
            # Extended example 1
            C: A01 LIST "" "*"
            S: * LIST (\Marked \NoInferiors) "/" "inbox"
            S: * LIST () "/" "Fruit"
            S: * LIST () "/" "Fruit/Apple"
            S: * LIST () "/" "Fruit/Banana"
            S: * LIST () "/" "Tofu"
            S: * LIST () "/" "Vegetable"
            S: * LIST () "/" "Vegetable/Broccoli"
            S: * LIST () "/" "Vegetable/Corn"
            S: A01 OK done
            # Extended example 2
            C: A02 LIST (SUBSCRIBED) "" "*"
            S: * LIST (\Marked \NoInferiors \Subscribed) "/" "inbox"
            S: * LIST (\Subscribed) "/" "Fruit/Banana"
            S: * LIST (\Subscribed \NonExistent) "/" "Fruit/Peach"
            S: * LIST (\Subscribed) "/" "Vegetable"
            S: * LIST (\Subscribed) "/" "Vegetable/Broccoli"
            S: A02 OK done
            # Extended example 3
            C: A03 LIST () "" "%" RETURN (CHILDREN)
            S: * LIST (\Marked \NoInferiors) "/" "inbox"
            S: * LIST (\HasChildren) "/" "Fruit"
            S: * LIST (\HasNoChildren) "/" "Tofu"
            S: * LIST (\HasChildren) "/" "Vegetable"
            S: A03 OK done
            # Extended example 4
            C: A04 LIST (REMOTE) "" "%" RETURN (CHILDREN)
            S: * LIST (\Marked \NoInferiors) "/" "inbox"
            S: * LIST (\HasChildren) "/" "Fruit"
            S: * LIST (\HasNoChildren) "/" "Tofu"
            S: * LIST (\HasChildren) "/" "Vegetable"
            S: * LIST (\Remote \HasNoChildren) "/" "Bread"
            S: * LIST (\HasChildren \Remote) "/" "Meat"
            S: A04 OK done
            # Extended example 5
            C: A05 LIST (REMOTE SUBSCRIBED) "" "*"
            S: * LIST (\Marked \NoInferiors \Subscribed) "/" "inbox"
            S: * LIST (\Subscribed) "/" "Fruit/Banana"
            S: * LIST (\Subscribed \NonExistent) "/" "Fruit/Peach"
            S: * LIST (\Subscribed) "/" "Vegetable"
            S: * LIST (\Subscribed) "/" "Vegetable/Broccoli"
            S: * LIST (\Remote \Subscribed) "/" "Bread"
            S: A05 OK done
            # Extended example 6
            C: A06 LIST (REMOTE) "" "*" RETURN (SUBSCRIBED)
            S: * LIST (\Marked \NoInferiors \Subscribed) "/" "inbox"
            S: * LIST () "/" "Fruit"
            S: * LIST () "/" "Fruit/Apple"
            S: * LIST (\Subscribed) "/" "Fruit/Banana"
            S: * LIST () "/" "Tofu"
            S: * LIST (\Subscribed) "/" "Vegetable"
            S: * LIST (\Subscribed) "/" "Vegetable/Broccoli"
            S: * LIST () "/" "Vegetable/Corn"
            S: * LIST (\Remote \Subscribed) "/" "Bread"
            S: * LIST (\Remote) "/" "Meat"
            S: A06 OK done
            # Extended example 7
            C: C01 LIST "" "*"
            S: * LIST (\Marked \NoInferiors) "/" "inbox"
            S: * LIST () "/" "Foo"
            S: * LIST () "/" "Foo/Bar"
            S: * LIST () "/" "Foo/Baz"
            S: * LIST () "/" "Moo"
            S: C01 OK done
            C: CA3 LIST "" "%" RETURN (CHILDREN)
            S: * LIST (\Marked \NoInferiors) "/" "inbox"
            S: * LIST (\HasChildren) "/" "Foo"
            S: * LIST (\HasNoChildren) "/" "Moo"
            S: CA3 OK done
            C: C02 LIST (SUBSCRIBED) "" "*"
            S: * LIST (\Subscribed) "/" "Foo/Baz"
            S: C02 OK done
            C: C04 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%"
            S: * LIST () "/" "Foo" ("CHILDINFO" ("SUBSCRIBED"))
            S: C04 OK done
            C: C04 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%"
            S: * LIST (\Subscribed) "/" "Foo" ("CHILDINFO" ("SUBSCRIBED"))
            S: C04 OK done
            C: C04 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%"
            S: * LIST (\Subscribed \HasChildren) "/" "Foo" ("CHILDINFO" ("SUBSCRIBED"))
            S: C04 OK done
            C: C04 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%"
            S: * LIST (\NonExistent) "/" "Foo" ("CHILDINFO" ("SUBSCRIBED"))
            S: C04 OK done
            C: C04 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%" RETURN (CHILDREN)
            S: * LIST (\HasChildren \Subscribed) "/" "Foo"
            S: * LIST (\HasNoChildren \Subscribed) "/" "Moo"
            S: C04 OK done
            # Extended example 8
            C: D01 LIST "" "*"
            S: * LIST (\Marked \NoInferiors) "/" "inbox"
            S: * LIST () "/" "foo2"
            S: * LIST () "/" "foo2/bar1"
            S: * LIST () "/" "foo2/bar2"
            S: * LIST () "/" "baz2"
            S: * LIST () "/" "baz2/bar2"
            S: * LIST () "/" "baz2/bar22"
            S: * LIST () "/" "baz2/bar222"
            S: * LIST () "/" "eps2"
            S: * LIST () "/" "eps2/mamba"
            S: * LIST () "/" "qux2/bar2"
            S: D01 OK done
            C: D02 LIST (SUBSCRIBED) "" "*"
            S: * LIST (\Subscribed) "/" "foo2/bar1"
            S: * LIST (\Subscribed) "/" "foo2/bar2"
            S: * LIST (\Subscribed) "/" "baz2/bar2"
            S: * LIST (\Subscribed) "/" "baz2/bar22"
            S: * LIST (\Subscribed) "/" "baz2/bar222"
            S: * LIST (\Subscribed) "/" "eps2"
            S: * LIST (\Subscribed) "/" "eps2/mamba"
            S: * LIST (\Subscribed) "/" "qux2/bar2"
            S: D02 OK done
            C: D03 LIST (RECURSIVEMATCH SUBSCRIBED) "" "*2"
            S: * LIST () "/" "foo2" ("CHILDINFO" ("SUBSCRIBED"))
            S: * LIST (\Subscribed) "/" "foo2/bar2"
            S: * LIST (\Subscribed) "/" "baz2/bar2"
            S: * LIST (\Subscribed) "/" "baz2/bar22"
            S: * LIST (\Subscribed) "/" "baz2/bar222"
            S: * LIST (\Subscribed) "/" "eps2" ("CHILDINFO" ("SUBSCRIBED"))
            S: * LIST (\Subscribed) "/" "qux2/bar2"
            S: D03 OK done
            S: * LIST () "/" "baz2" ("CHILDINFO" ("SUBSCRIBED"))
            S: * LIST (\NonExistent) "/" "qux2" ("CHILDINFO" ("SUBSCRIBED"))
            C: D03 LIST (RECURSIVEMATCH SUBSCRIBED) "" "*"
            S: * LIST () "/" "foo2" ("CHILDINFO" ("SUBSCRIBED"))
            S: * LIST (\Subscribed) "/" "foo2/bar1"
            S: * LIST (\Subscribed) "/" "foo2/bar2"
            S: * LIST () "/" "baz2" ("CHILDINFO" ("SUBSCRIBED"))
            S: * LIST (\Subscribed) "/" "baz2/bar2"
            S: * LIST (\Subscribed) "/" "baz2/bar22"
            S: * LIST (\Subscribed) "/" "baz2/bar222"
            S: * LIST (\Subscribed) "/" "eps2" ("CHILDINFO" ("SUBSCRIBED"))
            S: * LIST (\Subscribed) "/" "eps2/mamba"
            S: * LIST (\Subscribed) "/" "qux2/bar2"
            S: D03 OK done
            # Extended example 9
            C: a1 LIST "" ("foo")
            S: * LIST () "/" foo
            S: a1 OK done
            C: a2 LIST (SUBSCRIBED) "" "foo/*"
            S: * LIST (\Subscribed \NonExistent) "/" foo/bar
            S: a2 OK done
            C: a3 LIST (SUBSCRIBED RECURSIVEMATCH) "" foo RETURN (CHILDREN)
            S: * LIST (\HasNoChildren) "/" foo ("CHILDINFO" ("SUBSCRIBED"))
            S: a3 OK done
            # Extended example 10
            C: a1 LIST (REMOTE) "" *
            S: * LIST () "/" music/rock
            S: * LIST (\Remote) "/" also/jazz
            S: a1 OK done
            C: a2 LIST () "" %
            S: * LIST (\NonExistent \HasChildren) "/" music
            S: a2 OK done
            C: a3 LIST (REMOTE) "" %
            S: * LIST (\NonExistent \HasChildren) "/" music
            S: * LIST (\NonExistent \HasChildren) "/" also
            S: a3 OK done
            C: a3.1 LIST "" (% music/rock)
            S: * LIST () "/" music/rock
            S: a3.1 OK done
            # Extended example 11
            C: A01 LIST "" % RETURN (STATUS (MESSAGES UNSEEN))
            S: * LIST () "." "INBOX"
            S: * STATUS "INBOX" (MESSAGES 17 UNSEEN 16)
            S: * LIST () "." "foo"
            S: * STATUS "foo" (MESSAGES 30 UNSEEN 29)
            S: * LIST (\NoSelect) "." "bar"
            S: A01 OK List completed.
            C: A02 LIST (SUBSCRIBED RECURSIVEMATCH) "" % RETURN (STATUS (MESSAGES))
            # malformed: two spaces between the delimiter and the mailbox name; the grammar requires exactly one SP.
            S?: * LIST (\Subscribed) "."  "INBOX"
            S: * STATUS "INBOX" (MESSAGES 17)
            S: * LIST () "." "foo" (CHILDINFO ("SUBSCRIBED"))
            S: A02 OK List completed.
            """##
    )
}
