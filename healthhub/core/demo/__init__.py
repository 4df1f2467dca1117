"""Synthetic demonstration data: the phase-1 hub, its staff and 12 weeks of requests.

Every patient is invented (NHS numbers in the 999 test range, Ofcom drama mobile numbers,
example.com email addresses); no demo message is ever sent. Only for development and
demonstrations: the commands refuse to run unless HEALTHHUB_DEBUG is true.
"""
