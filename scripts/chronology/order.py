"""Checks of `after`, the data's way to order events that their dates alone cannot order."""

from __future__ import annotations

from .errors import DataError


def check_order(events: dict) -> list[DataError]:
    """An event may follow only events that can start before it ends, and never, through a chain
    of `after`, itself. `events` maps ids to located events (load.Located)."""
    errors = []
    for item in events.values():
        event = item.record
        for index, earlier_id in enumerate(event.after):
            earlier = events.get(earlier_id)
            if earlier and earlier.record.when.start > event.when.end:
                errors.append(item.error(("after", index), (
                    f"'{earlier_id}' ({earlier.record.when.words}) starts after this event "
                    f"({event.when.words}) ends; 'after' orders only events whose dates overlap")))
    for cycle in _cycles({i: [a for a in item.record.after if a in events] for i, item in events.items()}):
        first = events[cycle[0]]
        index = first.record.after.index(cycle[1 % len(cycle)])
        if len(cycle) == 1:
            errors.append(first.error(("after", index), "an event cannot follow itself; expected ids of earlier events"))
            continue
        chain = " → ".join([*cycle, cycle[0]])
        errors.append(first.error(("after", index), f"'after' goes round in a circle ({chain}); expected a chain with a first event"))
    return errors


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of events that follow each other (iterative DFS)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles = []
    for start in sorted(graph):
        if start in state:
            continue
        path, stack = [], [(start, iter(graph[start]))]
        state[start] = 1
        path.append(start)
        while stack:
            node, edges = stack[-1]
            following = next(edges, None)
            if following is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(following) == 1:
                cycles.append(path[path.index(following):])
            elif following not in state:
                state[following] = 1
                path.append(following)
                stack.append((following, iter(graph[following])))
    return cycles
