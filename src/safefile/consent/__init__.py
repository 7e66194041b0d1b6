"""Consent: releases of information, the one gate, and the record of sharing."""
