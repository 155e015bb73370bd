; Inno Setup script for jiuzhu (乡镇社会救助工作台) on Windows.
; Build on Windows, from the repository root:
;   py -3.11 -m venv .venv && .venv\Scripts\pip install -e . pyinstaller
;   .venv\Scripts\pyinstaller --noconfirm --distpath build\dist installer\jiuzhu.spec
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" installer\windows\jiuzhu.iss
; Result: build\jiuzhu-setup-<version>.exe. .github/workflows/windows.yml does exactly this, and
; `make windows-installer` compiles this script here under Wine against a stand-in bundle folder
; (installer/windows/build_installer.sh): ISCC /DDistDir=<folder> /DAppVersion=<v> /O<output dir>.
;
; The bundle has two executables: jiuzhu.exe, windowed (the GUI, no console window; the Start-menu
; shortcut), and jiuzhu-cli.exe, a console program for the commands of SPEC §9.
;
; Installs per machine under Program Files, adds Start-menu and optional desktop shortcuts,
; creates a per-machine data folder (C:\ProgramData\jiuzhu) that every office user may write,
; and records it in jiuzhu-install.json beside jiuzhu.exe (app/bootstrap.py reads it).
; Uninstall removes the program and leaves the data folder (database, keys, backups) in place.

#ifndef AppVersion
  #define AppVersion "0.2.0"
#endif
#ifndef DistDir
  #define DistDir "..\..\build\dist\jiuzhu"
#endif

[Setup]
AppId={{6F1D7B8E-3C55-4B8A-9C1F-2D0E5A7B9C11}
AppName=乡镇社会救助工作台
AppVersion={#AppVersion}
AppPublisher=jiuzhu
DefaultDirName={autopf}\jiuzhu
DefaultGroupName=乡镇社会救助工作台
PrivilegesRequired=admin
OutputDir=..\..\build
OutputBaseFilename=jiuzhu-setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\jiuzhu.ico
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\jiuzhu.exe

[Languages]
; Inno Setup ships no Simplified Chinese file (it is an unofficial translation): the English
; defaults, then the project's own Chinese texts over them.
Name: "chinesesimplified"; MessagesFile: "compiler:Default.isl,ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "创建桌面快捷方式"; GroupDescription: "附加快捷方式："

[Dirs]
; per-machine data folder, writable by the office's users; never removed on uninstall (nor on an
; upgrade: the same AppId installs over the old version and keeps it). The township's private key
; is made readable only by the users the admin names with an NTFS ACL (docs/packaging.md).
Name: "{commonappdata}\jiuzhu"; Permissions: users-modify; Flags: uninsneveruninstall

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; the windowed executable: no console window behind the GUI
Name: "{group}\乡镇社会救助工作台"; Filename: "{app}\jiuzhu.exe"; Parameters: "gui"; IconFilename: "{app}\jiuzhu.exe"
Name: "{group}\卸载乡镇社会救助工作台"; Filename: "{uninstallexe}"
Name: "{autodesktop}\乡镇社会救助工作台"; Filename: "{app}\jiuzhu.exe"; Parameters: "gui"; Tasks: desktopicon

[Code]
procedure CurStepChanged(CurStep: TSetupStep);
var
  DataDir: String;
begin
  if CurStep = ssPostInstall then
  begin
    DataDir := ExpandConstant('{commonappdata}\jiuzhu');
    StringChangeEx(DataDir, '\', '\\', True);
    SaveStringToFile(ExpandConstant('{app}\jiuzhu-install.json'),
      '{"data_dir": "' + DataDir + '"}', False);
  end;
end;

[UninstallDelete]
Type: files; Name: "{app}\jiuzhu-install.json"
