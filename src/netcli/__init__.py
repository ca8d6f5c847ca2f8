"""netcli: a command-line relationship manager for people who live by referrals."""

__version__ = "0.1.0"
