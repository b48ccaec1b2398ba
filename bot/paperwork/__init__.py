"""Paper and files for the school's office: printed letters, records and calendars.

Presentation like the Telegram layer, for another medium: it renders what services return
and never reads the database itself.
"""
