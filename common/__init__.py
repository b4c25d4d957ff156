"""Portal-wide helpers at the bottom of the stack: formatting, form fields, text safety, pagination, roles.

Nothing here imports a portal app; every app may import from here.
"""
