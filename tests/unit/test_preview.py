"""Which pages a preview builds first after a save (textbook/preview.py)."""

from __future__ import annotations

import os

from textbook.preview import Preview, pages_for

PAGES = {
    "part-1/03-goals.md": "# Goals\n\n<!-- quiz: 03-goals -->\n\n<!-- figure: triangle -->\n",
    "part-2/06-empathy.md": "# Empathy\n\n<!-- quiz: 06-empathy -->\n<!-- practice: reflection-skill -->\n",
    "back/practice.md": "# Practice\n\n<!-- practice-studio -->\n",
    "back/glossary.md": "# Glossary\n\n<!-- glossary -->\n",
    "part-1/notebook.ipynb": "{}",
}


def test_a_bank_its_figures_and_a_practice_file_belong_to_the_pages_that_name_them():
    assert pages_for({"quizzes/03-goals.yml"}, PAGES) == {"part-1/03-goals.md"}
    assert pages_for({"figures/03-goals/figures.yml", "figures/03-goals/triangle.svg"}, PAGES) == {"part-1/03-goals.md"}
    assert pages_for({"practice/reflection-skill.yml"}, PAGES) == {"part-2/06-empathy.md"}
    assert pages_for({"quizzes/03-goals.yml", "docs/back/glossary.md"}, PAGES) == {"part-1/03-goals.md", "back/glossary.md"}


def test_a_page_belongs_to_itself_and_an_image_to_no_page():
    assert pages_for({"docs/part-1/notebook.ipynb"}, PAGES) == {"part-1/notebook.ipynb"}
    assert pages_for({"docs/assets/photo.png"}, PAGES) == set()


def test_what_belongs_to_the_whole_book_builds_everything():
    for path in ("mkdocs.yml", "references.bib", "hooks/textbook/build.py", "overrides/main.html", "research/evidence/ch03.yml",
                 "docs/assets/book.css", "docs/assets/js/quiz.mjs", "quizzes/schema.json", "quizzes/99-unplaced.yml",
                 "docs/part-1/new-page.md"):
        assert pages_for({path}, PAGES) is None, path


def test_the_first_build_and_the_one_after_a_partial_build_are_whole(tmp_path):
    (tmp_path / "quizzes").mkdir()
    bank = tmp_path / "quizzes" / "03-goals.yml"
    bank.write_text("a", encoding="utf-8")
    preview = Preview(tmp_path, titles={src: src for src in PAGES})
    assert preview.plan(PAGES) is None, "nothing earlier to lean on"
    assert preview.plan(PAGES) is None, "nothing changed: nothing to build first"
    bank.write_text("ab", encoding="utf-8")
    assert preview.plan(PAGES) == {"part-1/03-goals.md"}
    assert preview.plan(PAGES) is None, "the rest of the book comes straight after"
    os.utime(bank, ns=(1, 1))
    assert preview.plan(PAGES) == {"part-1/03-goals.md"}, "a touched file counts as saved"


def test_a_page_never_built_before_makes_the_build_whole(tmp_path):
    (tmp_path / "quizzes").mkdir()
    bank = tmp_path / "quizzes" / "03-goals.yml"
    bank.write_text("a", encoding="utf-8")
    preview = Preview(tmp_path, titles={"part-1/03-goals.md": "Goals"})
    preview.plan(PAGES)
    bank.write_text("ab", encoding="utf-8")
    assert preview.plan(PAGES) is None, "other pages' menus need every title"
