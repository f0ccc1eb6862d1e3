#!/usr/bin/env python3
"""Checks the DOM headless Chromium built from a `thespis view` page against its trace.

usage: check_view_dom.py real TRACE.jsonl DOM.html    a run on real processes drawn whole: a lane
                                                      per actor, an arrow per delivery
       check_view_dom.py small TRACE.jsonl DOM.html   the whole run drawn: a lane per actor, an
                                                      arrow per delivery, the violation marked,
                                                      the causal chain highlighted
       check_view_dom.py large TRACE.jsonl DOM.html   a window drawn: every lane, a bounded DOM
       check_view_dom.py hostile DOM.html MARKER      text from the trace stayed text
"""
import json
import sys
from collections import Counter
from html.parser import HTMLParser


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []  # (tag, attrs dict, class set)
        self.body = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a, set((a.get("class") or "").split())))
        if tag == "body":
            self.body = a


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def load(trace_path, dom_path):
    with open(trace_path) as f:
        trace = [json.loads(line) for line in f if line.strip()]
    parser = Elements()
    with open(dom_path) as f:
        parser.feed(f.read())
    return trace, parser


def actors_of(trace):
    return {e[k] for e in trace for k in ("actor", "other") if e.get(k) and e[k] != "@null"}


def of_class(parser, *classes):
    return [(tag, a) for tag, a, c in parser.elements if set(classes) <= c]


def check_lanes(trace, parser):
    lanes = Counter(a["data-actor"] for _, a in of_class(parser, "lane-head"))
    actors = actors_of(trace)
    if set(lanes) != actors:
        fail(f"lanes {sorted(lanes)} != actors of the trace {sorted(actors)}")
    if any(count != 1 for count in lanes.values()):
        fail(f"an actor has more than one lane: {lanes}")
    print(f"ok: {len(actors)} actors, one lane each")


def check_drawn_whole(trace, parser):
    plot = of_class(parser, "background")  # the plot was drawn at all
    plots = [a for tag, a, _ in parser.elements if a.get("id") == "plot"]
    if not plot or not plots or plots[0].get("data-mode") != "all":
        fail("the plot of a small trace is not drawn whole (data-mode=all)")
    check_lanes(trace, parser)

    kinds = {e["index"]: e["kind"] for e in trace}
    delivers = sorted(e["index"] for e in trace if e["kind"] == "deliver")
    arrows = of_class(parser, "arrow", "delivered")
    ends = sorted(int(a["data-to"]) for _, a in arrows)
    if ends != delivers:
        missing = sorted(set(delivers) - set(ends))[:10]
        fail(f"{len(ends)} delivery arrows for {len(delivers)} deliver events (missing e.g. {missing})")
    for _, a in arrows:
        if "data-from" in a and kinds[int(a["data-from"])] not in ("send", "timer_fire"):
            fail(f"the arrow to #{a['data-to']} starts at a {kinds[int(a['data-from'])]} event")
    print(f"ok: {len(delivers)} deliver events, one arrow each, from its send or timer")
    drops = sum(1 for e in trace if e["kind"] == "drop")
    if len(of_class(parser, "arrow", "dropped")) != drops:
        fail(f"{drops} drops but {len(of_class(parser, 'arrow', 'dropped'))} dropped arrows")
    return plots, arrows


def check_small(trace_path, dom_path):
    trace, parser = load(trace_path, dom_path)
    plots, arrows = check_drawn_whole(trace, parser)

    violations = [e["index"] for e in trace
                  if e["kind"] == "check" and e.get("text", "").startswith("violated: ")]
    if not violations:
        fail("the trace has no violation: the test needs a failing run")
    marked = {int(a["data-i"]) for _, a in of_class(parser, "violation") if "data-i" in a}
    if violations[0] not in marked:
        fail(f"the violation #{violations[0]} is not marked (marked: {sorted(marked)})")
    print(f"ok: the violation #{violations[0]} is marked")

    chain_size = int(parser.body.get("data-chain", "0"))
    plot_classes = set((plots[0].get("class") or "").split())
    highlighted = {int(a["data-i"]) for tag, a in of_class(parser, "hl")
                   if "data-i" in a and tag in ("circle", "line")}
    if chain_size < 2 or len(highlighted) != chain_size:
        fail(f"{len(highlighted)} events highlighted, the page says the chain has {chain_size}")
    if violations[0] not in highlighted:
        fail("the violation is not part of the highlighted chain")
    if "chain" not in plot_classes:
        fail("the plot does not dim what is outside the chain (class chain)")
    for _, a in of_class(parser, "arrow", "hl"):
        if "data-from" in a and int(a["data-from"]) not in highlighted:
            fail(f"highlighted arrow to #{a['data-to']} starts outside the chain")
    for _, a in arrows:
        to = int(a["data-to"])
        if to in highlighted and "data-from" in a and "hl" not in (a.get("class") or "").split():
            fail(f"the delivery #{to} is in the chain but its arrow is not highlighted")
    print(f"ok: causal chain of {chain_size} events highlighted, ending at the violation")


def check_large(trace_path, dom_path):
    trace, parser = load(trace_path, dom_path)
    plots = [a for tag, a, _ in parser.elements if a.get("id") == "plot"]
    if not plots or plots[0].get("data-mode") != "window":
        fail("a large trace is not drawn a window at a time")
    check_lanes(trace, parser)
    drawn = len(of_class(parser, "ev"))
    if not 0 < drawn <= 5000:
        fail(f"{drawn} events drawn for a window of a {len(trace)}-event trace")
    if int(parser.body.get("data-events", "0")) != len(trace):
        fail(f"the page counts {parser.body.get('data-events')} events, the trace has {len(trace)}")
    print(f"ok: {len(trace)} events, {drawn} drawn in the first window")


def check_hostile(dom_path, marker):
    parser = Elements()
    with open(dom_path) as f:
        text = f.read()
    parser.feed(text)
    injected = [tag for tag, a, _ in parser.elements if a.get("id") == marker or tag == "img"]
    if injected or "data-" + marker in parser.body:
        fail(f"text from the trace became markup: {injected} {parser.body}")
    if marker not in text:
        fail("the hostile text is not shown at all (as text)")
    if not of_class(parser, "lane-head"):
        fail("the page did not draw")
    print("ok: hostile text from the trace stayed text")


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "real":
        trace, parser = load(sys.argv[2], sys.argv[3])
        check_drawn_whole(trace, parser)
    elif mode == "small":
        check_small(sys.argv[2], sys.argv[3])
    elif mode == "large":
        check_large(sys.argv[2], sys.argv[3])
    else:
        check_hostile(sys.argv[2], sys.argv[3])
