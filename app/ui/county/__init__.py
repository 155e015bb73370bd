"""The county application (`jiuzhu county gui`): the same app in county mode on the receiver database."""
