"""Web: the HTTP API (`api`) over a store; each route calls one library function."""
