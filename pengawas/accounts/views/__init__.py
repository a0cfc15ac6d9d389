"""Views of accounts: login (login.py), the user's own account (own.py), account management
(manage.py) and onboarding (onboarding.py)."""
