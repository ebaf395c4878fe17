"""The diagrams are real, accessible SVG files whose labels fit and whose physiology holds."""

import re
import xml.etree.ElementTree as ET

import pytest

from twitchlib import diagrams

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("name", diagrams.names())
def test_each_diagram_is_named_described_and_fits(name):
    root = ET.fromstring(diagrams.svg(name))
    assert root.get("role") == "img"
    labelled = root.get("aria-labelledby").split()
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert [title.get("id"), desc.get("id")] == labelled
    assert len(title.text) > 20 and len(desc.text) > 200
    _, _, width, height = map(float, root.get("viewBox").split())
    parents = {child: parent for parent in root.iter() for child in parent}

    def font_size(element):
        while element.get("font-size") is None:
            element = parents[element]
        return float(element.get("font-size"))

    for text in root.iter(f"{SVG}text"):
        x, y = float(text.get("x")), float(text.get("y"))
        size = font_size(text)
        # Every label starts inside the frame, is large enough to read, and a
        # left-aligned label ends inside it too (about 0.6 em per character).
        assert 0 <= x <= width and size <= y <= height, (name, text.text)
        assert size >= 13, (name, text.text)
        if text.get("text-anchor", "start") == "start":
            assert x + 0.55 * size * len(text.text or "") <= width + 1, (
                name,
                text.text,
            )


def test_ids_are_unique_across_diagrams():
    ids = [
        i
        for n in diagrams.names()
        for i in re.findall(r'id="([^"]+)"', diagrams.svg(n))
    ]
    assert len(ids) == len(set(ids))


def test_the_physiology_is_the_textbook_one():
    junction = diagrams.description("motor_unit").lower()
    for step in (
        "calcium channels",
        "calcium ions enter",
        "release acetylcholine",
        "compete with calcium",
        "receptors",
    ):
        assert step in junction
    screening = diagrams.description("membrane_screening").lower()
    assert "negative charges" in screening and "sodium channel" in screening
    assert "calcium screens more strongly than magnesium" in screening
    cycle = diagrams.description("calcium_cycle").lower()
    for part in ("ryanodine", "troponin", "serca", "atp", "relaxes", "cramps"):
        assert part in cycle


def test_unknown_diagram_names_the_known_ones():
    with pytest.raises(ValueError, match="motor_unit"):
        diagrams.show("neuron")
