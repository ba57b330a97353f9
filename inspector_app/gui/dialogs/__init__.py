"""Dialogs, and the few questions the app asks the user.

Every modal question goes through a function here, so tests (and features such as crash
recovery that need to ask at start-up) have one place to answer them.
"""
