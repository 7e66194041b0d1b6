"""Jobs made of several parts of the core, each done whole in one transaction or not at
all: what a screen (or a command) asks for in one press of a button.

The screens hold no rules and open no transaction (tests/test_layers.py): where one press
does several things (the first start, a new client's intake, a release with its signed
form), the job is here, tested without Qt, and the screen calls it.
"""
