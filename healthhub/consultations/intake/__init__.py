"""The patient's online consultation intake: pages, forms, the draft kept between pages, presenters."""
