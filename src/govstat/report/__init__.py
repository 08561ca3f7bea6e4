"""Everything that turns results into output: console reports and table renders.

The library never prints: these functions return text or write to a console they are given.
"""
