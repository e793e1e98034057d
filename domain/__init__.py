"""The survivor's journey: aggregates, events, value objects and errors.

Pure Python: nothing here reads a clock, touches a file, a socket or a database.
Time (`at`) and the acting user (`actor`) are passed in by the services layer.
"""
