"""Running the program: retention (closing, holds, destruction), reports, import, policies."""
