/**
 * Passwords refused at sign-up and change: the most common ones in public breach lists
 * that meet the length rule (8 to 128 characters, no composition rules).
 */
const list = `password 12345678 123456789 1234567890 qwertyuiop password1 password123 iloveyou1 sunshine1
11111111 00000000 abc12345 abcd1234 qwerty123 qwerty12 1q2w3e4r 1qaz2wsx zaq12wsx 1q2w3e4r5t 123qweasd
football baseball princess sunshine welcome1 welcome123 letmein1 trustno1 superman1 batman123 passw0rd
p@ssw0rd p@ssword admin123 administrator changeme 87654321 99999999 88888888 12341234 11223344 123123123
dragon123 master123 monkey123 shadow123 michael1 jennifer liverpool chelsea1 arsenal1 computer internet
starwars whatever1 freedom1 123456789a a123456789 qwertyui asdfghjk zxcvbnm1 asdfasdf qweasdzxc 1234qwer
iloveyou lovelove 123654789 987654321 0123456789 12344321 password12 password01 motdepasse contrasenya
contraseña contrasena azertyuiop azerty123 soleil123 bonjour1 barcelona madrid123 catalunya 1234abcd
welcome! bilan123 bilanbilan socialbalance balancsocial balancesocial`;

const common = new Set(list.split(/\s+/).filter(Boolean));

export function isCommonPassword(password: string): boolean {
  return common.has(password.toLowerCase());
}
