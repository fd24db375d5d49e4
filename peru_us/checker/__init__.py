"""The parts of the exercise checker. Students and lessons use :mod:`peru_us.exercises`.

Imports flow one way: ``forms`` (what every reader shares) <- ``text``, ``quantities``,
``dates`` (reading one kind of answer each) and ``bank`` (the hashed question bank) <-
``peru_us.exercises`` (checking, messages, ``check``/``hint``/``progress``).
"""
