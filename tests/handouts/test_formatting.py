from handouts.formatting import render


def test_paragraphs_lists_and_bold_become_html():
    html = render("We feed **everyone**.\n\n- Food\n- Care\n\n1. Come\n2. Bring a friend")
    assert html == (
        "<p>We feed <strong>everyone</strong>.</p>\n"
        "<ul><li>Food</li><li>Care</li></ul>\n"
        "<ol><li>Come</li><li>Bring a friend</li></ol>"
    )


def test_html_written_in_the_text_is_escaped_never_run():
    html = render('<script>alert(1)</script> **<img src=x onerror="y">**')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert "<strong>&lt;img" in html


def test_a_numbered_list_keeps_its_first_number_and_lines_join_with_breaks():
    assert render("3. Third\n4. Fourth") == '<ol start="3"><li>Third</li><li>Fourth</li></ol>'
    assert render("one\ntwo") == "<p>one<br>two</p>"


def test_empty_text_is_empty():
    assert render("") == "" and render("\n\n  \n") == ""
