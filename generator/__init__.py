"""congkhai: static public-disclosure sites for Vietnamese communes, districts and provinces."""

__version__ = "0.1.0"
