#!/bin/bash
# Run by the base image's start script before the server starts (before-notebook.d):
# copy any lesson the student does not have yet into ~/twitchlib-lessons.
twitchlib lab --copy-only --folder "${HOME}/twitchlib-lessons"
