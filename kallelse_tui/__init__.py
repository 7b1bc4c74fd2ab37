"""Kallelse: sammanträdets hela liv från kallelse till anslag, i terminalen."""

__version__ = "0.1.0"
