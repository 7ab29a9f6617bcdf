"""The parts of the Brisk Python action proxy; proxy.py is the entry point."""
