@echo off
rem The vigil command: the agent app folder run by the Node.js bundled with it.
"%~dp0node\node.exe" "%~dp0app\bin\vigil.js" %*
exit /b %ERRORLEVEL%
