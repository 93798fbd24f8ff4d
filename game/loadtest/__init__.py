"""The load harness: a whole school of bot students playing over real websockets.

`manage.py loadtest` sets a game up in the database the server uses, starts it,
lets each bot student think and move every turn exactly as a browser would, then
counts every move the referee did not play as lost and reports the latencies.
"""
