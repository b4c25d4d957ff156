"""The VVG's own profile: its names, logo, contacts, EU funding statement and the texts of its site pages.

Low in the stack (just above `common`): every page's header and footer and every PDF read it.
"""
