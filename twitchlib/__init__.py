"""twitchlib: why muscles twitch, as a teaching model."""
__version__ = "0.1.0"
