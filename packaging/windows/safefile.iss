; Inno Setup script for SafeFile on Windows (Inno Setup 6). UNTESTED: written and reviewed,
; never built or run (no Windows machine in this project's CI); see README, "Packaging".
;
; Build (in a Windows checkout, Python 3.11 64-bit):
;   py -3.11 -m venv build\venv-package
;   build\venv-package\Scripts\pip install -c requirements\constraints.txt ".[package]"
;   build\venv-package\Scripts\pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\safefile.spec
;   iscc /DAppVersion=0.1.0 packaging\windows\safefile.iss
; Result: dist\SafeFile-0.1.0-setup.exe
;
; Where things go: the program in Program Files (or, installed for one user without
; administrator rights, in %LOCALAPPDATA%\Programs\SafeFile). Vaults, settings and the log
; are in %LOCALAPPDATA%\SafeFile (platformdirs), never in the program's folder; the
; uninstaller removes only the files this setup installed, so they stay.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F0E8C1B-5A8B-4C36-9E2B-3D6C1F2A9B71}
AppName=SafeFile
AppVersion={#AppVersion}
AppPublisher=The SafeFile developers
DefaultDirName={autopf}\SafeFile
DefaultGroupName=SafeFile
DisableProgramGroupPage=yes
; An advocate without administrator rights can still install it for herself.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=SafeFile-{#AppVersion}-setup
SetupIconFile=safefile.ico
UninstallDisplayIcon={app}\safefilew.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Files]
Source: "..\..\dist\safefile\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\SafeFile"; Filename: "{app}\safefilew.exe"; Comment: "Encrypted client records"
Name: "{autodesktop}\SafeFile"; Filename: "{app}\safefilew.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[Run]
Filename: "{app}\safefilew.exe"; Description: "{cm:LaunchProgram,SafeFile}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] and no [Registry] entries: nothing of the user's is ever removed.
