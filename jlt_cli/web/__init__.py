"""``jlt serve``: the round in a browser. A shell at the level of the CLI over the same actions and outputs.

``app.create_app(root, token)`` builds the Starlette application; ``state`` is the round folder and the app's
SQLite file, ``uploads`` stores files in 收件/, ``jobs`` runs builds in the background, ``auth`` says who asks.
"""
