from newsevents.clean import classify_lines, clean_article
from newsevents.model import Article

SCRAPED = """Advertisement

Ministers Meet to Discuss Border Crossing Rules

Published March 3, 2021 8:15 am
By Ana Lopez

Click to play video: 'Border talks open in Geneva'
Border talks open in Geneva
WATCH ABOVE: Officials arrive for the first round of talks – Mar 2, 2021

The foreign ministers of Chile and Peru met in Geneva on Tuesday to settle rules for their shared border crossings.

Story continues below advertisement

Trade groups welcomed the meeting and asked both governments to publish the rules within a month.

Get the day's top world news
Sign up for breaking news alerts delivered directly to your inbox.

Talks resume
Both sides said a second round would take place in Lima in April.

— With files from Reuters

Sponsored content
"""


def test_scraped_text_loses_its_furniture_and_keeps_every_sentence():
    cleaned = classify_lines(SCRAPED, find_title=True)
    text = cleaned.text
    for furniture in (
        "Advertisement",
        "Click to play video",
        "Border talks open in Geneva",
        "WATCH ABOVE",
        "Story continues",
        "Sign up",
        "top world news",
        "Sponsored",
        "With files",
    ):
        assert furniture not in text
    for sentence in ("The foreign ministers of Chile and Peru met", "Trade groups welcomed", "a second round"):
        assert sentence in text
    assert "Talks resume" in text  # a heading stays


def test_scraped_text_metadata_is_found():
    article = clean_article(Article(source=SCRAPED))
    assert article.title == "Ministers Meet to Discuss Border Crossing Rules"
    assert article.published == "2021-03-03"
    assert article.byline == "Ana Lopez"
    assert article.credit == "With files from Reuters"
    assert "Advertisement" in article.removed


def test_paragraphs_are_separated_by_one_blank_line():
    cleaned = classify_lines("First paragraph is a full sentence here today.\nSecond one is also a sentence here.")
    assert cleaned.text == "First paragraph is a full sentence here today.\n\nSecond one is also a sentence here."


def test_html_page_body_and_metadata():
    html = """<html><head><title>Leaders agree on aid | Example News</title>
    <meta property="article:published_time" content="2022-05-04T10:00:00Z"></head><body>
    <nav><a href="/">Home</a><a href="/world">World</a></nav><div class="ad">Advertisement</div>
    <article><h1>Leaders agree on aid</h1>
    <p>The leaders of Kenya and Ethiopia agreed on Wednesday to send food aid to drought-hit border areas.</p>
    <p>Aid groups said the shipments would start next week and would reach about 200,000 people.</p>
    <p>Sign up for our newsletter to get the top stories in your inbox every morning.</p>
    </article><footer>© 2022 Example News. All rights reserved.</footer></body></html>"""
    article = clean_article(Article(source=html, is_html=True))
    assert "Kenya and Ethiopia agreed" in article.text and "200,000 people" in article.text
    assert "newsletter" not in article.text and "Home" not in article.text
    assert article.published == "2022-05-04"
    assert article.title == "Leaders agree on aid"


def test_curly_apostrophe_typo_is_repaired_so_names_stay_whole():
    assert "Pompeo’s" in classify_lines("A visit by Mike Pompeo‘s team to Delhi was announced on Monday.").text


def test_sign_up_widgets_and_promos_are_furniture():
    text = "\n".join(
        [
            "The finance ministers of Japan and Korea met in Tokyo on Friday to discuss currency swaps.",
            "Thanks for signing up!",
            "Keep an eye on your inbox for the latest news.",
            "DON'T MISS",
            "Markets fall as talks stall [VIDEO]",
            "Follow our reporters on Twitter for live updates.",
            "Both ministers said they would meet again in December to review the arrangement.",
        ]
    )
    cleaned = classify_lines(text)
    assert cleaned.paragraphs == [
        "The finance ministers of Japan and Korea met in Tokyo on Friday to discuss currency swaps.",
        "Both ministers said they would meet again in December to review the arrangement.",
    ]


def test_contribution_lines_become_the_credit():
    text = "Ministers met in Rome on Friday to discuss the migration pact in detail.\nMaria Rossi contributed reporting from Rome."
    cleaned = classify_lines(text)
    assert cleaned.credit == "Maria Rossi contributed reporting from Rome."
    assert "contributed" not in cleaned.text


def test_paragraphs_in_scripts_without_spaces_are_kept():
    text = "先日、不正に改造したiPhoneを販売したとして男性が逮捕されたというニュースがありました。\n商標権侵害と判断される場合があります。"
    assert len(classify_lines(text).paragraphs) == 2


def test_promos_shortcodes_and_author_notes_are_furniture():
    text = "\n".join(
        [
            "The finance ministers of Japan and Korea met in Tokyo on Friday to discuss currency swaps.",
            '[button link="https://example.org/join"] Send us your story[/button]',
            "Get our premium service for as little as $2 a month. Use the code NEWS to subscribe.",
            "Both ministers said they would meet again in December to review the arrangement.",
            "Maria Lopez is the Tribune's Asia correspondent and writes about trade.",
        ]
    )
    assert classify_lines(text).paragraphs == [
        "The finance ministers of Japan and Korea met in Tokyo on Friday to discuss currency swaps.",
        "Both ministers said they would meet again in December to review the arrangement.",
    ]


def test_a_closing_list_of_headlines_is_related_links():
    body = [
        "The finance ministers of Japan and Korea met in Tokyo on Friday to discuss currency swaps.",
        "Both ministers said they would meet again in December to review the arrangement.",
    ]
    links = [
        "- Markets rally as talks open",
        "- Five things to know about the swap line",
        "- Yen slides against the dollar",
        "- Opinion: why Seoul wants a deal",
    ]
    assert classify_lines("\n".join(body + links)).paragraphs == body


def test_short_lines_with_no_sentence_after_them_are_dropped_at_the_end():
    source = (
        "Kenya and Uganda signed a trade pact in Nairobi on Monday, officials said.\n\n"
        "The pact cuts tariffs on maize and sugar, the two ministers told reporters.\n\n"
        "Maize and sugar\n\nEast African trade"
    )
    article = clean_article(Article(source=source))
    assert article.text.endswith("told reporters.")
    assert article.removed[-2:] == ["East African trade", "Maize and sugar"]
