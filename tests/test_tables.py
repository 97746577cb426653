"""lstmlib.tables: the chapters' HTML tables."""
import pytest

from lstmlib.tables import html_table


def test_html_table_columns_cells_and_escaping():
    t = html_table(["T", "a < b"], [[10, "x & y"], [50, ""]])
    assert t._repr_html_() == str(t)
    assert str(t).count('<th scope="col">') == 2 and "a &lt; b" in t and "<code>x &amp; y</code>" in t
    assert "<td></td>" in t and "<code>10</code>" in t


def test_a_row_of_the_wrong_length_is_named():
    with pytest.raises(ValueError, match=r"every row needs 2 cells .* got rows of \[1, 2\] cells"):
        html_table(["a", "b"], [[1, 2], [3]])
