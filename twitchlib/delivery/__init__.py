"""Delivery tools: what brings the lessons to a class (the ``twitchlib`` command).

This subpackage sits above the models, charts and lessons and is never imported by
them: editions, worksheets, the course website, the class server and the hub
recipe live here, each behind a subcommand of :func:`twitchlib.delivery.cli.main`.
"""
